using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// A gathered delivery-queue message is delivered with few requests (its emails claimed, marked and, where
/// their content allows, sent together), and every rule of a single delivery still holds for each email:
/// sent only while still due, a refusal recorded, a retry sends only what is owed, twice sends nothing twice.
/// A burst's gathered message waits out the burst (<c>Email:BurstDeliveryDelay</c>); a lone email does not.
/// </summary>
public sealed class GatheredEmailDeliveryTests
{
    private static string NewEmail(int i) => $"g{i}-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_message_of_40_emails_sends_the_due_ones_once_records_the_refused_one_and_a_second_delivery_sends_nothing()
    {
        await using var stack = await TestStack.StartOwnAsync();
        // 30 seats: 30 confirmations (each alone: it carries the person's check-in code) and 10 waiting-list emails.
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 30));
        var people = Enumerable.Range(0, 40).Select(NewEmail).ToList();
        var registered = new List<JsonElement>();
        foreach (var person in people)
        {
            registered.Add(await stack.RegisteredAsync(eventId, Api.Person(person)));
        }
        var emails = new List<QueuedEmail>();
        foreach (var r in registered)
        {
            emails.Add(await OwedEmails.QueuedAsync(stack, r));
        }
        Assert.Equal(30, emails.Count(e => e.Kind == "confirmed"));
        // The registrations' own messages are taken off the queue: the one gathered message below is all there is.
        var queue = await DeliveryQueue.ClearAsync(stack);
        // One waiting person leaves the list before the delivery: their email is no longer due (a waiting
        // person, so that nobody is promoted and every other email stays due).
        var cancelled = registered[35];
        using (var cancel = await stack.Client.SendAsync(Api.ManageRequest(HttpMethod.Delete, cancelled)))
        {
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        }
        await DeliveryQueue.ClearAsync(stack);
        // The first send request is refused for good (400): one confirmation, since they go first, each alone.
        stack.SinkFaults.Enqueue(HttpStatusCode.BadRequest);
        var message = EmailQueueMessage.ForBatch(emails).ToJson();
        await queue.SendMessageAsync(message);

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(1, drained.GetProperty("completed").GetInt32());
        Assert.Equal(0, drained.GetProperty("failed").GetInt32());
        var requests = await stack.OutboxRequestsAsync();
        var arrived = people.ToDictionary(p => p, p => DeliveryQueue.Count(requests, p));
        Assert.Equal(0, arrived[people[35]]);
        var refused = Assert.Single(await UndeliveredAsync(stack));
        Assert.Equal("refused", refused.GetProperty("reason").GetString());
        Assert.Equal(400, refused.GetProperty("statusCode").GetInt32());
        var refusedPerson = people[registered.FindIndex(r => Api.ManageLink(r).Id == refused.GetProperty("registrationId").GetString())];
        Assert.Equal("confirmed", refused.GetProperty("kind").GetString());
        Assert.Equal(0, arrived[refusedPerson]);
        // Every other email arrived exactly once: 29 confirmations and 9 waiting-list emails.
        Assert.All(people.Where(p => p != people[35] && p != refusedPerson), p => Assert.Equal(1, arrived[p]));
        // The waiting-list emails of one language went in one request, each with its own place.
        var waitlisted = Assert.Single(requests, r => r.GetProperty("personalizations").GetArrayLength() == 9);
        var places = waitlisted.GetProperty("personalizations").EnumerateArray()
            .Select(p => p.GetProperty("substitutions").EnumerateObject().Select(s => s.Value.GetString()).ToHashSet())
            .ToList();
        Assert.All(Enumerable.Range(1, 10).Where(place => place != 6), place => Assert.Single(places, values => values.Contains(place.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        // The same message again (a duplicate, or a retry after a lost delete) finds everything done.
        await queue.SendMessageAsync(message);
        var again = await stack.DeliverEmailsAsync();

        Assert.Equal(1, again.GetProperty("completed").GetInt32());
        Assert.Equal(requests.Count, (await stack.OutboxRequestsAsync()).Count);
        Assert.Single(await UndeliveredAsync(stack));
    }

    [Fact]
    public async Task Three_copies_of_one_message_delivered_at_once_send_each_email_once()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 10));
        var people = Enumerable.Range(0, 30).Select(NewEmail).ToList();
        var emails = new List<QueuedEmail>();
        foreach (var person in people)
        {
            var registered = await stack.RegisteredAsync(eventId, Api.Person(person));
            emails.Add(QueuedEmail.For(await OwedEmails.OfAdmissionAsync(stack, registered)));
        }
        var queue = await DeliveryQueue.ClearAsync(stack);
        var message = EmailQueueMessage.ForBatch(emails).ToJson();
        // The drain runs the messages of one receive at once, as the host runs a batch: three deliveries race.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => queue.SendMessageAsync(message)));

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(3, drained.GetProperty("completed").GetInt32());
        var requests = await stack.OutboxRequestsAsync();
        Assert.All(people, p => Assert.Equal(1, DeliveryQueue.Count(requests, p)));
    }

    [Fact]
    public async Task Emails_the_provider_did_not_take_are_tried_again_and_the_retry_sends_only_those()
    {
        // One attempt per request, so that each scripted 503 leaves one email not taken.
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        var eventId = await stack.CreateEventAsync();
        var people = Enumerable.Range(0, 6).Select(NewEmail).ToList();
        var emails = new List<QueuedEmail>();
        foreach (var person in people)
        {
            emails.Add(QueuedEmail.For(await OwedEmails.OfAdmissionAsync(stack, await stack.RegisteredAsync(eventId, Api.Person(person)))));
        }
        var queue = await DeliveryQueue.ClearAsync(stack);
        // The first two send requests fail for now (503).
        stack.SinkFaults.Enqueue(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        await queue.SendMessageAsync(EmailQueueMessage.ForBatch(emails).ToJson());

        var drained = await stack.DeliverEmailsAsync();

        // The first attempt sent what it could and failed; the retry of the message sent the rest.
        Assert.Equal(1, drained.GetProperty("completed").GetInt32());
        Assert.Equal(1, drained.GetProperty("failed").GetInt32());
        var requests = await stack.OutboxRequestsAsync();
        Assert.All(people, p => Assert.Equal(1, DeliveryQueue.Count(requests, p)));
        Assert.Empty(await UndeliveredAsync(stack));
    }

    [Fact]
    public async Task A_poisoned_message_leaves_the_undelivered_list_as_the_sweep_sends_its_emails()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        var eventId = await stack.CreateEventAsync();
        var people = Enumerable.Range(0, 3).Select(NewEmail).ToList();
        var emails = new List<QueuedEmail>();
        foreach (var person in people)
        {
            emails.Add(QueuedEmail.For(await OwedEmails.OfAdmissionAsync(stack, await stack.RegisteredAsync(eventId, Api.Person(person)))));
        }
        var queue = await DeliveryQueue.ClearAsync(stack);
        stack.SinkFaults.FailRandomly(1.0, seed: 1);
        await queue.SendMessageAsync(EmailQueueMessage.ForBatch(emails).ToJson());
        Assert.Equal(1, (await stack.DeliverEmailsAsync()).GetProperty("poisoned").GetInt32());
        Assert.Equal(3, (await UndeliveredAsync(stack)).Count);

        stack.SinkFaults.Reset();
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null)).StatusCode);

        Assert.All(people, p => Assert.Equal(1, DeliveryQueue.Count(DeliveryQueue.Outboxed(stack), p)));
        Assert.Empty(await UndeliveredAsync(stack));
    }

    [Fact]
    public async Task A_burst_message_waits_out_the_burst_and_a_lone_email_goes_at_once()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:BurstDeliveryDelay"] = "00:00:02" });
        var eventId = await stack.CreateEventAsync();
        var lone = NewEmail(0);
        await stack.RegisteredAsync(eventId, Api.Person(lone));
        Assert.Equal(1, DeliveryQueue.Count(await stack.OutboxRequestsAsync(), lone));

        var burst = Enumerable.Range(1, 12).Select(NewEmail).ToList();
        await Task.WhenAll(burst.Select(p => stack.RegisteredAsync(eventId, Api.Person(p))));
        // Drained at once: the burst's gathered messages are not visible yet, so nothing of it is sent.
        var early = await stack.DeliverEmailsAsync();
        var sentEarly = burst.Count(p => DeliveryQueue.Count(DeliveryQueue.Outboxed(stack), p) > 0);
        Assert.True(sentEarly < burst.Count, $"{sentEarly} of {burst.Count} burst emails went out before the delay");

        await Eventually.TrueAsync(async () =>
        {
            await stack.DeliverEmailsAsync();
            return burst.All(p => DeliveryQueue.Count(DeliveryQueue.Outboxed(stack), p) == 1);
        }, "every email of the burst arrives once its messages are visible");
        Assert.All(burst, p => Assert.Equal(1, DeliveryQueue.Count(DeliveryQueue.Outboxed(stack), p)));
        Assert.Equal(0, early.GetProperty("failed").GetInt32());
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:01:01")]
    public async Task A_burst_delivery_delay_out_of_range_stops_the_app_and_names_the_setting(string value)
    {
        var stack = new TestStack { ExtraSettings = new Dictionary<string, string?> { ["Email:BurstDeliveryDelay"] = value } };
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(stack.InitializeAsync);
            Assert.Contains("BurstDeliveryDelay", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                await stack.DisposeAsync();
            }
            catch (Exception)
            {
                // The host never started; there is nothing to stop.
            }
        }
    }




    private static async Task<List<JsonElement>> UndeliveredAsync(TestStack stack)
        => (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();
}
