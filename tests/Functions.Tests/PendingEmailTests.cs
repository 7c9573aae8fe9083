using System.Net;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Registration emails that could not go out with their request are sent by SendPendingEmails after the
/// grace, once; those that did go out are never sent again.
/// </summary>
public sealed class PendingEmailTests : IAsyncLifetime
{
    // A stack per test: each one moves the clock past the grace.
    private readonly TestStack stack = new() { OwnClock = true };

    public Task InitializeAsync() => stack.InitializeAsync();

    public Task DisposeAsync() => stack.DisposeAsync();

    private static string NewEmail() => $"p{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_confirmation_the_provider_did_not_take_goes_out_once_with_a_run_after_the_grace()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var registered = await WhileTheProviderIsDownAsync(() => stack.RegisteredAsync(eventId, Api.Person(email)));
        Assert.Equal("confirmed", registered.GetProperty("status").GetString());
        Assert.Empty(await stack.EmailsToAsync(email));

        await RunAsync();
        Assert.Empty(await stack.EmailsToAsync(email)); // within the grace it is still the request's to send
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();

        var sent = Assert.Single(await stack.EmailsToAsync(email));
        Assert.StartsWith("Your place at", sent.Request.GetProperty("subject").GetString());
        Assert.Equal("text/calendar", sent.Request.GetProperty("attachments")[0].GetProperty("type").GetString());
        Assert.Equal(registered.GetProperty("manageUrl").GetString(), Mail.Value(sent.Personalization, "manageUrl"));
        await EveryPendingEmailLoggedAsync(eventId);
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();
        Assert.Single(await stack.EmailsToAsync(email));
        Assert.Empty(await RowsAsync(eventId, RegistrationKeys.PendingEmailPrefix));
        Assert.Empty(await RowsAsync(eventId, RegistrationKeys.SentEmailLogPrefix));
    }

    [Fact]
    public async Task An_email_that_went_out_with_its_request_is_not_sent_again()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var confirmed = NewEmail();
        var waiting = NewEmail();
        await stack.RegisteredAsync(eventId, Api.Person(confirmed));
        await stack.RegisteredAsync(eventId, Api.Person(waiting));
        Assert.Equal(2, (await RowsAsync(eventId, RegistrationKeys.PendingEmailPrefix)).Count);
        await stack.DeliverEmailsAsync();
        await EveryPendingEmailLoggedAsync(eventId);

        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();

        Assert.Single(await stack.EmailsToAsync(confirmed));
        Assert.Single(await stack.EmailsToAsync(waiting));
        Assert.Empty(await RowsAsync(eventId, RegistrationKeys.PendingEmailPrefix));
        Assert.Empty(await RowsAsync(eventId, RegistrationKeys.SentEmailLogPrefix));
    }

    [Fact]
    public async Task A_registration_stored_by_a_process_that_stopped_before_sending_still_gets_its_confirmation()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var store = stack.Services.GetRequiredService<IRegistrationStore>();
        var now = stack.Time.GetUtcNow();
        // What the request had stored when its process stopped: the registration, not yet the email.
        var admission = await store.AdmitAsync(new Registration
        {
            Id = RegistrationIds.New(eventId),
            EventId = eventId,
            Person = new PersonDetails
            {
                FirstName = "Petra", LastName = "Horvat", Email = email, Organisation = "Slovenian Wood Cluster",
                Country = "SI", Role = ParticipantRole.ClusterManager, Language = "en",
            },
            EmailKey = EmailAddress.Normalize(email),
            Status = RegistrationStatus.Confirmed,
            RegisteredAt = now,
            ConsentedAt = now,
            ConsentTextVersion = RegistrationService.ConsentTextVersion,
            TokenHash = "",
        }, CancellationToken.None);
        Assert.True(admission!.Created);

        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();

        var sent = Assert.Single(await stack.EmailsToAsync(email));
        Assert.StartsWith("Your place at", sent.Request.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_registration_cancelled_before_the_retry_gets_no_confirmation()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var registered = await WhileTheProviderIsDownAsync(() => stack.RegisteredAsync(eventId, Api.Person(email)));
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(registered)).StatusCode);

        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();

        // Only the cancellation's own email: never the confirmation of what was cancelled.
        Assert.All(await stack.EmailsToAsync(email), e => Assert.EndsWith("is cancelled", e.Request.GetProperty("subject").GetString()));
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();
        var emails = await stack.EmailsToAsync(email);
        var cancellation = Assert.Single(emails);
        Assert.EndsWith("is cancelled", cancellation.Request.GetProperty("subject").GetString());
        Assert.Empty(await RowsAsync(eventId, RegistrationKeys.PendingEmailPrefix));
    }

    [Fact]
    public async Task A_promotion_the_provider_did_not_take_is_told_later_and_the_older_waiting_list_email_is_not_repeated()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var holder = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var waitingEmail = NewEmail();
        await WhileTheProviderIsDownAsync(() => stack.RegisteredAsync(eventId, Api.Person(waitingEmail)));
        await WhileTheProviderIsDownAsync(() => stack.Client.CancelRegistrationAsync(holder));
        Assert.Empty(await stack.EmailsToAsync(waitingEmail));

        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();

        // The waiting-list email is out of date (the person holds a seat now): only the promotion goes.
        var sent = Assert.Single(await stack.EmailsToAsync(waitingEmail));
        Assert.StartsWith("A place has freed up", sent.Request.GetProperty("subject").GetString());
        await EveryPendingEmailLoggedAsync(eventId);
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunAsync();
        Assert.Single(await stack.EmailsToAsync(waitingEmail));
        Assert.Empty(await RowsAsync(eventId, RegistrationKeys.PendingEmailPrefix));
    }

    private async Task<T> WhileTheProviderIsDownAsync<T>(Func<Task<T>> action)
    {
        stack.SinkFaults.FailRandomly(1, seed: 11);
        try
        {
            var result = await action();
            // The queued deliveries fail every attempt and end in the poison queue; the email stays owed.
            await stack.DeliverEmailsAsync();
            return result;
        }
        finally
        {
            stack.SinkFaults.Reset();
        }
    }

    private async Task RunAsync()
    {
        var run = await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
    }

    private async Task<List<TableEntity>> RowsAsync(string eventId, string prefix)
    {
        var table = await stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
        return await table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, prefix)).ToListAsync();
    }

    /// <summary>
    /// Waits (a few seconds at most) until every pending email of the event is marked sent on its row or
    /// named by the sent-email log: a sent email is logged a moment after its request answered, together with others.
    /// </summary>
    private async Task EveryPendingEmailLoggedAsync(string eventId)
    {
        var missing = new List<string>();
        var allLogged = await Eventually.HoldsAsync(async () =>
        {
            var logged = (await RowsAsync(eventId, RegistrationKeys.SentEmailLogPrefix)).SelectMany(RegistrationEntities.SentEmailRowKeys).ToHashSet();
            // A queued delivery marks the rows it sent on the rows themselves; the sweep deletes those too.
            var pending = (await RowsAsync(eventId, RegistrationKeys.PendingEmailPrefix))
                .Where(r => !r.ContainsKey(Email.TablePendingEmailClaims.Sent)).Select(r => r.RowKey).ToList();
            missing = pending.Where(k => !logged.Contains(k)).ToList();
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(5));
        Assert.True(allLogged, $"pending emails not logged as sent: {string.Join(", ", missing)}");
    }
}
