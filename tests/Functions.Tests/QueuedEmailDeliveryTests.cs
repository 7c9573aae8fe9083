using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Email off the request path: a registration answers without waiting for SendGrid, its email goes out
/// when the delivery queue runs, once, and a message that fails every attempt lands in the poison queue
/// where organisers see it, while the sweep still sends the email.
/// </summary>
public sealed class QueuedEmailDeliveryTests
{
    private static string NewEmail() => $"q{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_registration_answers_while_SendGrid_holds_every_request_and_the_email_arrives_after_delivery()
    {
        await using var stack = await StartAsync(holdSendGrid: true);
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();

        // The sink holds every send until released: a registration that waited on SendGrid would never answer.
        using var response = await stack.RegisterAsync(eventId, Api.Person(email));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(stack.Outbox.Snapshot());
        stack.Services.GetRequiredService<HoldSendGrid>().Release();
        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task An_email_is_delivered_once_when_its_message_is_processed_twice()
    {
        await using var stack = await StartAsync();
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var registered = await stack.RegisteredAsync(eventId, Api.Person(email));
        var message = EmailQueueMessage.For(await OwedEmails.OfAdmissionAsync(stack, registered)).ToJson();
        var queue = await stack.Services.GetRequiredService<EmailQueues>().DeliveryAsync(CancellationToken.None);
        await queue.SendMessageAsync(message);

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(2, drained.GetProperty("completed").GetInt32());
        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task A_gathered_message_delivers_each_of_its_emails_once_when_it_is_processed_twice()
    {
        await using var stack = await StartAsync();
        var eventId = await stack.CreateEventAsync();
        var (first, second) = (NewEmail(), NewEmail());
        var ids = new List<QueuedEmail>();
        foreach (var person in new[] { first, second })
        {
            ids.Add(QueuedEmail.For(await OwedEmails.OfAdmissionAsync(stack, await stack.RegisteredAsync(eventId, Api.Person(person)))));
        }
        var queue = await stack.Services.GetRequiredService<EmailQueues>().DeliveryAsync(CancellationToken.None);
        await queue.SendMessageAsync(EmailQueueMessage.ForBatch(ids).ToJson());
        await queue.SendMessageAsync(EmailQueueMessage.ForBatch(ids).ToJson());

        await stack.DeliverEmailsAsync();

        Assert.Single(await stack.EmailsToAsync(first));
        Assert.Single(await stack.EmailsToAsync(second));
    }

    [Fact]
    public async Task A_message_that_fails_every_attempt_lands_in_the_poison_queue_and_the_organisers_list_and_the_sweep_sends_it()
    {
        await using var stack = await StartAsync(extra: new() { ["Email:MaxAttempts"] = "1" });
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        stack.SinkFaults.FailRandomly(1.0, seed: 1);
        var registered = await stack.RegisteredAsync(eventId, Api.Person(email));

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(1, drained.GetProperty("poisoned").GetInt32());
        Assert.Equal(PoisonQueueEmails.MaxDequeueCount, drained.GetProperty("failed").GetInt32());
        var list = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(Api.ManageLink(registered).Id, item.GetProperty("registrationId").GetString());
        Assert.Equal(eventId, item.GetProperty("eventId").GetString());
        Assert.Equal("confirmed", item.GetProperty("kind").GetString());
        Assert.DoesNotContain(email, list.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Client.GetAsync("/api/manage/emails/undelivered")).StatusCode);

        stack.SinkFaults.Reset();
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunSweepAsync(stack);
        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task A_message_that_never_arrived_is_sent_by_the_sweep()
    {
        await using var stack = await StartAsync();
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        await stack.RegisteredAsync(eventId, Api.Person(email));
        var queue = await stack.Services.GetRequiredService<EmailQueues>().DeliveryAsync(CancellationToken.None);
        await queue.ClearMessagesAsync();

        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await RunSweepAsync(stack);

        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task SendGrid_timing_out_answers_no_500_and_the_email_is_still_owed()
    {
        await using var stack = await StartAsync(holdSendGrid: true, extra: new()
        {
            ["Email:AttemptTimeout"] = "00:00:00.200",
            ["Email:TotalTimeout"] = "00:00:01",
        });
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        using var response = await stack.RegisterAsync(eventId, Api.Person(email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(1, drained.GetProperty("poisoned").GetInt32());
        Assert.Empty(stack.Outbox.Snapshot());
    }

    [Fact]
    public async Task A_cluster_decision_answers_without_SendGrid_and_its_email_goes_out_once()
    {
        await using var stack = await StartAsync(holdSendGrid: true);
        var contact = NewEmail();
        using var submitted = await stack.Client.PostAsJsonAsync("/api/clusters", ClusterInput(contact));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var approved = await stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null);
        using var again = await stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        stack.Services.GetRequiredService<HoldSendGrid>().Release();
        await stack.DeliverEmailsAsync();
        // The submission's acknowledgement and the decision, once.
        var subjects = (await stack.EmailsToAsync(contact)).Select(e => e.Request.GetProperty("subject").GetString()!).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.Single(subjects, s => s.Contains("now in the Clusters Cord catalogue", StringComparison.Ordinal));
    }

    private static object ClusterInput(string contact) => new
    {
        name = "Queue Test Cluster",
        country = "CZ",
        city = "Brno",
        website = "https://cluster.example",
        description = "A cluster for the delivery queue test.",
        sectors = new[] { "ict" },
        memberCount = 40,
        memberTypes = new[] { "companies", "research" },
        managementFte = 2.5,
        contact = new { name = "Petra Kontaktní", email = contact },
    };

    private static async Task RunSweepAsync(TestStack stack)
    {
        using var run = await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
    }

    /// <summary>
    /// A stack of the test's own, with a clock of its own (tests here move it); its sink holds every
    /// mail-send request when asked (a SendGrid that does not answer).
    /// </summary>
    private static async Task<OwnStack> StartAsync(bool holdSendGrid = false, Dictionary<string, string?>? extra = null)
    {
        var stack = new OwnStack
        {
            OwnClock = true,
            ExtraSettings = extra ?? [],
            ConfigureHost = builder =>
            {
                if (holdSendGrid)
                {
                    var holder = new HoldSendGrid();
                    builder.Services.AddSingleton(holder);
                    builder.Services.AddSingleton<IStartupFilter>(holder);
                }
            },
        };
        await stack.InitializeAsync();
        return stack;
    }

    private sealed class OwnStack : TestStack, IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }

    /// <summary>Holds every request to the sink's mail-send endpoint before it is answered, until released.</summary>
    private sealed class HoldSendGrid : IStartupFilter
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path.StartsWithSegments("/v3/mail/send"))
                {
                    await _released.Task.WaitAsync(context.RequestAborted);
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
