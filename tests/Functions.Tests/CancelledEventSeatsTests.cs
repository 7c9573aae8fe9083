using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Cancelling an event closes its seats in the partition before the registrants are told: an instance that
/// still reads the event as published admits nobody after that, so the cancellation notice reaches everyone
/// registered; and an email that would tell a registrant their place (confirmed, waiting, promoted) is no
/// longer sent once the event is cancelled; nor does a change saved on a stale read bring the event back.
/// </summary>
public sealed class CancelledEventSeatsTests
{
    private static string NewEmail() => $"c{Guid.NewGuid():N}@example.org";

    /// <summary>
    /// Two instances of the app over one Azurite and the same tables, each with its own clock that does not
    /// move: the reading instance's event cache never expires unless a test moves its clock.
    /// </summary>
    internal sealed class TwoInstances : IAsyncDisposable
    {
        private TwoInstances(string prefix) => (Reading, Cancelling) = (new() { NamePrefix = prefix, OwnClock = true }, new() { NamePrefix = prefix, OwnClock = true });

        public TestStack Reading { get; }

        public TestStack Cancelling { get; }

        public static async Task<TwoInstances> StartAsync()
        {
            var instances = new TwoInstances(TestStack.NewNamePrefix());
            await instances.Reading.InitializeAsync();
            await instances.Cancelling.InitializeAsync();
            return instances;
        }

        public async ValueTask DisposeAsync()
        {
            await Reading.DisposeAsync();
            await Cancelling.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_instance_that_still_reads_the_event_as_published_admits_nobody_once_another_cancelled_it()
    {
        await using var instances = await TwoInstances.StartAsync();
        var (reading, cancelling) = (instances.Reading, instances.Cancelling);
        var eventId = await reading.CreateEventAsync();
        var early = NewEmail();
        await reading.RegisteredAsync(eventId, Api.Person(early));
        Assert.Equal("published", (await reading.EventAsync(eventId)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await cancelling.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null)).StatusCode);
        var stale = await reading.EventAsync(eventId);
        Assert.Equal("published", stale.GetProperty("status").GetString()); // still cached
        Assert.False(stale.GetProperty("registration").GetProperty("isOpen").GetBoolean()); // but the seats are read afresh
        var late = NewEmail();
        var registered = await reading.RegisterAsync(eventId, Api.Person(late));
        var walkedIn = await reading.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", Api.Person(NewEmail()));

        foreach (var refused in new[] { registered, walkedIn })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.EndsWith("/registration-closed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }
        var stored = await cancelling.AllRegistrationsAsync(eventId);
        Assert.Equal([early], stored.Select(r => r.GetProperty("email").GetString()));
        var shown = await cancelling.EventAsync(eventId);
        Assert.Equal((1, 0), (shown.GetProperty("confirmed").GetInt32(), shown.GetProperty("waitlisted").GetInt32()));
        await cancelling.DeliverEmailsAsync();
        Assert.Single(await cancelling.EmailsToAsync(early), e => e.Request.GetProperty("subject").GetString()!.StartsWith("Cancelled: "));
        await reading.DeliverEmailsAsync();
        Assert.Empty((await cancelling.EmailsToAsync(late)).Concat(await reading.EmailsToAsync(late)));
    }

    [Fact]
    public async Task A_change_by_an_instance_that_still_reads_the_event_as_published_never_brings_a_cancelled_event_back()
    {
        await using var instances = await TwoInstances.StartAsync();
        var (reading, cancelling) = (instances.Reading, instances.Cancelling);
        var forum = Api.Forum();
        var eventId = await reading.CreateEventAsync(forum);
        Assert.Equal("published", (await reading.EventAsync(eventId)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await cancelling.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null)).StatusCode);

        var capacity = forum["capacity"]!.GetValue<int>();
        forum["venue"] = "Design Center";
        forum["capacity"] = capacity + 7;
        var put = await reading.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", forum);
        var imported = await reading.Organiser.PostAsJsonAsync("/api/manage/programme", new { events = new[] { new JsonObject(forum.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).Prepend(KeyValuePair.Create("id", (JsonNode?)eventId))) } });

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("conflict", (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("status").GetString());
        reading.Time.Advance(TimeSpan.FromSeconds(6)); // past its event cache's 5 s
        foreach (var host in new[] { cancelling, reading })
        {
            var shown = await host.EventAsync(eventId);
            Assert.Equal("cancelled", shown.GetProperty("status").GetString());
            Assert.NotEqual("Design Center", shown.GetProperty("venue").GetString());
            Assert.Equal(capacity, shown.GetProperty("capacity").GetInt32()); // the seats as the cancellation closed them
        }
    }

    [Fact]
    public async Task A_place_still_to_be_told_when_the_event_is_cancelled_is_told_only_by_the_cancellation()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var confirmed = NewEmail();
        var waiting = NewEmail();
        // The provider refuses every attempt: both emails stay owed (in the poison queue and the pending rows).
        stack.SinkFaults.FailRandomly(1, seed: 5);
        await stack.RegisteredAsync(eventId, Api.Person(confirmed));
        await stack.RegisteredAsync(eventId, Api.Person(waiting));
        // Registering again owes the manage link again ("nothing has changed"), no longer true once cancelled.
        Assert.Equal("alreadyRegistered", (await stack.RegisteredAsync(eventId, Api.Person(confirmed))).GetProperty("status").GetString());
        await stack.DeliverEmailsAsync();
        stack.SinkFaults.Reset();
        Assert.Empty(await stack.EmailsToAsync(confirmed));

        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null)).StatusCode);
        await stack.DeliverEmailsAsync();
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null)).StatusCode);
        await stack.DeliverEmailsAsync();

        foreach (var email in new[] { confirmed, waiting })
        {
            var (only, _) = Assert.Single(await stack.EmailsToAsync(email));
            Assert.StartsWith("Cancelled: ", only.GetProperty("subject").GetString());
        }
    }

    [Fact]
    public async Task A_seat_freed_at_a_cancelled_event_promotes_nobody()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var first = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var waitingEmail = NewEmail();
        var second = await stack.RegisteredAsync(eventId, Api.Person(waitingEmail));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null)).StatusCode);

        Assert.True((await stack.Client.CancelRegistrationAsync(first)).IsSuccessStatusCode);
        await stack.DeliverEmailsAsync();

        Assert.Equal("waitlisted", (await stack.Client.RegistrantAsync(second)).GetProperty("status").GetString());
        Assert.DoesNotContain(await stack.EmailsToAsync(waitingEmail), e => e.Request.GetProperty("subject").GetString()!.StartsWith("A place has freed up"));
        var shown = await stack.EventAsync(eventId);
        Assert.Equal((0, 1), (shown.GetProperty("confirmed").GetInt32(), shown.GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task A_cancellation_stopped_after_closing_the_seats_sends_no_reminders_and_the_next_change_finishes_it()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        await stack.RegisteredAsync(eventId, Api.Person(email));
        await stack.DeliverEmailsAsync();
        // What a cancellation whose process stopped right after closing the seats leaves behind.
        await stack.Services.GetRequiredService<IRegistrationStore>().CloseAsync(eventId, CancellationToken.None);
        stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5)); // its reminders are due

        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);
        var put = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Api.Forum());
        await stack.DeliverEmailsAsync();

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("cancelled", (await stack.EventAsync(eventId)).GetProperty("status").GetString());
        var emails = (await stack.EmailsToAsync(email)).Select(e => e.Request.GetProperty("subject").GetString()!).ToList();
        Assert.Equal(2, emails.Count); // the confirmation, then the cancellation; no reminder
        Assert.StartsWith("Cancelled: ", emails[1]);
    }
}
