using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// The admissions a partition writer commits together store their emails in one shared row
/// (<see cref="PendingEmailBatches"/>). Each email of it is still claimed, sent and forgotten on its own:
/// deliveries at once send it once, one the provider did not take stays owed alone, the sweep sends a
/// row whose message was lost, and an erased person's email leaves the row.
/// </summary>
public sealed class SharedPendingEmailRowTests
{
    private static string NewEmail(int i) => $"b{i}-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_burst_shares_rows_and_three_copies_of_its_message_delivered_at_once_send_each_email_once()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 12));
        var (people, registered) = await BurstAsync(stack, eventId, 24);
        var rows = await BatchRowsAsync(stack, eventId);
        Assert.Equal(24, rows.Sum(r => r.Count));
        Assert.Contains(rows, r => r.Count > 1);
        var queue = await DeliveryQueue.ClearAsync(stack);
        var message = EmailQueueMessage.ForBatch(await QueuedAsync(stack, registered)).ToJson();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => queue.SendMessageAsync(message)));

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(3, drained.GetProperty("completed").GetInt32());
        var requests = await stack.OutboxRequestsAsync();
        Assert.All(people, p => Assert.Equal(1, DeliveryQueue.Count(requests, p)));
        // Every email was forgotten with its send, and each row with its last email.
        Assert.Empty(await BatchRowsAsync(stack, eventId));
    }

    [Fact]
    public async Task An_email_of_a_shared_row_the_provider_did_not_take_stays_owed_and_only_it_is_sent_again()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 20));
        var (people, registered) = await BurstAsync(stack, eventId, 10);
        var queue = await DeliveryQueue.ClearAsync(stack);
        // Confirmations go one request each: the first two fail for now (503).
        stack.SinkFaults.Enqueue(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        await queue.SendMessageAsync(EmailQueueMessage.ForBatch(await QueuedAsync(stack, registered)).ToJson());

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(1, drained.GetProperty("failed").GetInt32());
        Assert.Equal(1, drained.GetProperty("completed").GetInt32());
        var requests = await stack.OutboxRequestsAsync();
        Assert.All(people, p => Assert.Equal(1, DeliveryQueue.Count(requests, p)));
        Assert.Empty(await BatchRowsAsync(stack, eventId));
    }

    [Fact]
    public async Task A_shared_row_whose_message_was_lost_is_sent_by_the_sweep_after_the_grace_once()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 5));
        var (people, _) = await BurstAsync(stack, eventId, 9);
        await DeliveryQueue.ClearAsync(stack);

        await SweepAsync(stack);
        Assert.All(people, p => Assert.Equal(0, DeliveryQueue.Count(DeliveryQueue.Outboxed(stack), p)));
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await SweepAsync(stack);

        var requests = await stack.OutboxRequestsAsync();
        Assert.All(people, p => Assert.Equal(1, DeliveryQueue.Count(requests, p)));
        Assert.Equal(5, people.Count(p => Subjects(requests, p).Single().StartsWith("Your place at", StringComparison.Ordinal)));
        Assert.Empty(await BatchRowsAsync(stack, eventId));
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await SweepAsync(stack);
        Assert.Equal(requests.Count, (await stack.OutboxRequestsAsync()).Count);
    }

    [Fact]
    public async Task An_erased_persons_email_leaves_the_shared_row_and_the_others_still_go_out()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 20));
        var (people, registered) = await BurstAsync(stack, eventId, 8);
        var queued = await QueuedAsync(stack, registered);
        var queue = await DeliveryQueue.ClearAsync(stack);
        var erasedId = Api.ManageLink(registered[3]).Id;

        using var erasure = await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = people[3] });

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        var erased = (await erasure.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased");
        Assert.True(erased.GetProperty("pendingEmails").GetInt32() >= 1, erased.ToString());
        var rows = await BatchRowsAsync(stack, eventId);
        Assert.Equal(7, rows.Sum(r => r.Count));
        Assert.DoesNotContain(rows.SelectMany(r => r), e => e.RegistrationId == erasedId);
        // The message that still names the erased person's email sends the others' only.
        await queue.SendMessageAsync(EmailQueueMessage.ForBatch(queued).ToJson());
        var requests = await stack.OutboxRequestsAsync();
        Assert.Equal(0, DeliveryQueue.Count(requests, people[3]));
        Assert.All(people.Where((_, i) => i != 3), p => Assert.Equal(1, DeliveryQueue.Count(requests, p)));
    }

    [Fact]
    public void A_full_gathered_message_of_the_longest_ids_with_their_batches_fits_a_queue_message()
    {
        var eventId = new string('e', 64);
        var emails = Enumerable.Range(0, StorageEmailQueue.MaxEmailsPerMessage)
            .Select(i => QueuedEmail.For(new PendingEmail(RegistrationIds.New(eventId), RegistrationEmailKind.Waitlisted) { Batch = PendingEmailBatches.NewKey() }, 100_000 + i))
            .ToList();

        var json = EmailQueueMessage.ForBatch(emails).ToJson();

        // Queue messages travel base64-encoded and may hold 64 KiB.
        Assert.True(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).Length <= 64 * 1024, $"{json.Length} characters");
        Assert.Equal(emails.Select(e => e.PendingEmail), EmailQueueMessage.Parse(json)!.RegistrationEmails.Select(e => e.PendingEmail));
    }

    /// <summary>Registers <paramref name="count"/> people at once, so that the writer commits them together.</summary>
    private static async Task<(List<string> People, List<JsonElement> Registered)> BurstAsync(TestStack stack, string eventId, int count)
    {
        var people = Enumerable.Range(0, count).Select(NewEmail).ToList();
        var registered = await Task.WhenAll(people.Select(p => stack.RegisteredAsync(eventId, Api.Person(p))));
        return (people, registered.ToList());
    }

    private static async Task<List<QueuedEmail>> QueuedAsync(TestStack stack, IEnumerable<JsonElement> registered)
    {
        var emails = new List<QueuedEmail>();
        foreach (var r in registered)
        {
            var queued = await OwedEmails.QueuedAsync(stack, r);
            Assert.NotNull(queued.Batch);
            emails.Add(queued);
        }
        return emails;
    }

    /// <summary>The event's batch rows, each as the emails it holds.</summary>
    private static async Task<List<IReadOnlyList<PendingEmail>>> BatchRowsAsync(TestStack stack, string eventId)
    {
        var table = await stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
        return await table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, PendingEmailBatches.Prefix))
            .Select(PendingEmailBatches.PendingEmails).ToListAsync();
    }


    private static async Task SweepAsync(TestStack stack)
    {
        using var run = await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
    }


    private static IEnumerable<JsonElement> To(IEnumerable<JsonElement> requests, string email)
        => requests.Where(r => r.GetProperty("personalizations").EnumerateArray().Any(p => p.GetProperty("to")[0].GetProperty("email").GetString() == email));


    private static IEnumerable<string> Subjects(IEnumerable<JsonElement> requests, string email)
        => To(requests, email).Select(r => r.GetProperty("subject").GetString() ?? "");
}
