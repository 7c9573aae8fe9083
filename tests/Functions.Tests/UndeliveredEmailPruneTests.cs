using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Tests.Cooperation;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// The undelivered list can show only the oldest 32 poison messages: PruneUndeliveredEmails deletes those whose
/// emails have all gone out since, so an email that failed later is not hidden behind them.
/// </summary>
public sealed class UndeliveredEmailPruneTests
{
    [Fact]
    public async Task Poison_messages_whose_emails_went_out_are_deleted_so_a_later_failure_is_listed_and_others_are_kept()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 100));
        var sent = new List<QueuedEmail>();
        foreach (var i in Enumerable.Range(0, 33))
        {
            sent.Add(await OwedEmails.QueuedAsync(stack, await stack.RegisteredAsync(eventId, Api.Person($"sent{i}-{Guid.NewGuid():N}@example.org"))));
        }
        await stack.DeliverEmailsAsync();
        // Messages that failed once for emails that have gone out since, behind one of no known shape (kept).
        var poison = await stack.Services.GetRequiredService<EmailQueues>().PoisonAsync(CancellationToken.None);
        await poison.SendMessageAsync("""{"kind":"unknown"}""");
        foreach (var email in sent)
        {
            await poison.SendMessageAsync(EmailQueueMessage.ForBatch([email]).ToJson());
        }
        var late = $"late-{Guid.NewGuid():N}@example.org";
        stack.SinkFaults.FailRandomly(1.0, seed: 1);
        var failed = await stack.RegisteredAsync(eventId, Api.Person(late));
        Assert.Equal(1, (await stack.DeliverEmailsAsync()).GetProperty("poisoned").GetInt32());
        stack.SinkFaults.Reset();

        using var run = await stack.Organiser.PostAsync("/admin/functions/PruneUndeliveredEmails?wait=true", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, i => i.GetProperty("registrationId").GetString() == Api.ManageLink(failed).Id);
        Assert.Contains(listed, i => i.GetProperty("kind").GetString() == "unknown");
        // A run looks at the oldest 32 (the unknown one and 31 stale); the next reaches the two stale ones behind.
        Assert.Equal(4, (await poison.PeekMessagesAsync(32)).Value.Length);
        using var again = await stack.Organiser.PostAsync("/admin/functions/PruneUndeliveredEmails?wait=true", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await poison.PeekMessagesAsync(32)).Value.Length);
    }

    [Fact]
    public async Task The_list_waits_out_a_message_a_prune_or_retry_holds_for_a_moment()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var owed = new List<QueuedEmail>();
        foreach (var i in Enumerable.Range(0, 2))
        {
            owed.Add(await OwedEmails.QueuedAsync(stack, await stack.RegisteredAsync(eventId, Api.Person($"held{i}-{Guid.NewGuid():N}@example.org"))));
        }
        await DeliveryQueue.ClearAsync(stack);
        var poison = await stack.Services.GetRequiredService<EmailQueues>().PoisonAsync(CancellationToken.None);
        foreach (var email in owed)
        {
            await poison.SendMessageAsync(EmailQueueMessage.ForBatch([email]).ToJson());
        }
        // Taken as a prune or a retry takes a batch, for the shortest hiding the queue has (a second).
        Assert.Single((await poison.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);

        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(owed.Select(e => e.RegistrationId).Order(), listed.Select(i => i.GetProperty("registrationId").GetString()).Order());
    }

    [Fact]
    public async Task An_introduction_whose_emails_went_out_leaves_the_list_and_the_queue_and_one_still_owed_stays()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        var asker = await stack.ApprovedAsync("Moravian ICT Cluster");
        var invited = await stack.ApprovedAsync("Software-Cluster Stuttgart", "DE", "de");
        var third = await stack.ApprovedAsync("Third Cluster", "AT");
        await stack.DeliverEmailsAsync();
        async Task<string> AskAsync(ClusterActor to) => (await (await stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions",
            new { to = to.Id, message = "We would like to cooperate." })).JsonAsync(HttpStatusCode.Created)).GetProperty("introductionId").GetString()!;
        // One delivered, whose message a failed attempt had left in the poison queue; one that fails every attempt.
        var delivered = await AskAsync(invited);
        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.IntroductionEmailsToAsync(invited.Email));
        var poison = await stack.Services.GetRequiredService<EmailQueues>().PoisonAsync(CancellationToken.None);
        await poison.SendMessageAsync(EmailQueueMessage.ForIntroduction(delivered).ToJson());
        stack.SinkFaults.FailRandomly(1.0, seed: 1);
        var owed = await AskAsync(third);
        Assert.Equal(1, (await stack.DeliverEmailsAsync()).GetProperty("poisoned").GetInt32());
        stack.SinkFaults.Reset();

        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["introduction"], listed.Select(i => i.GetProperty("kind").GetString()));
        using var run = await stack.Organiser.PostAsync("/admin/functions/PruneUndeliveredEmails?wait=true", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var left = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
        Assert.Equal(owed, EmailQueueMessage.Parse(left.Body.ToString())!.IntroductionId);
    }

    [Fact]
    public async Task A_decision_email_sent_since_or_no_longer_owed_leaves_the_list_and_the_queue_and_one_still_owed_stays()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        ClusterActor[] clusters = [
            await stack.ApprovedAsync("Resent Cluster", approve: false),
            await stack.ApprovedAsync("Withdrawn Cluster", "AT", approve: false),
            await stack.ApprovedAsync("Owed Cluster", "SI", approve: false)];
        var (resent, withdrawn, owed) = (clusters[0], clusters[1], clusters[2]);
        await stack.DeliverEmailsAsync(); // what a submission sends
        // Three approvals whose emails fail every attempt.
        stack.SinkFaults.FailRandomly(1.0, seed: 1);
        foreach (var cluster in clusters)
        {
            Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/clusters/{cluster.Id}/approve", null)).StatusCode);
        }
        Assert.Equal(3, (await stack.DeliverEmailsAsync()).GetProperty("poisoned").GetInt32());
        stack.SinkFaults.Reset();
        // One approved again, which queues its email again, sent this time; one withdrawn by its contact (erased).
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/clusters/{resent.Id}/approve", null)).StatusCode);
        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(resent.Email), e => e.Request.GetProperty("subject").GetString()!.Contains("now in the Clusters Cord catalogue", StringComparison.Ordinal));
        Assert.True((await stack.AsAsync(withdrawn, HttpMethod.Delete, $"/api/clusters/{withdrawn.Id}/profile")).IsSuccessStatusCode);

        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([owed.Id], listed.Select(i => i.GetProperty("clusterId").GetString()));
        using var run = await stack.Organiser.PostAsync("/admin/functions/PruneUndeliveredEmails?wait=true", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var poison = await stack.Services.GetRequiredService<EmailQueues>().PoisonAsync(CancellationToken.None);
        var left = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
        Assert.Equal(owed.Id, EmailQueueMessage.Parse(left.Body.ToString())!.ClusterId);
        // And it is still sent when retried.
        Assert.Equal(HttpStatusCode.Accepted, (await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{left.MessageId}/retry", null)).StatusCode);
        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(owed.Email), e => e.Request.GetProperty("subject").GetString()!.Contains("now in the Clusters Cord catalogue", StringComparison.Ordinal));
    }
}
