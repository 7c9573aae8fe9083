using System.Net.Http.Json;
using ClustersCord.Worker.Tests.Infrastructure;

namespace ClustersCord.Worker.Tests;

/// <summary>
/// What the worker tells the host (every RpcLog line at every level, and its stdout and stderr, which the
/// host logs too) never carries the personal data that passed through it.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class PersonalDataLogTests(WorkerHost worker)
{
    [Fact]
    public async Task The_workers_log_lines_carry_no_email_address_name_or_manage_token()
    {
        var side = new Side("worker", worker.Client, worker.Organiser);
        var letters = string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26))));
        var (firstName, lastName) = ("Zora" + letters[..3], "Kvet" + letters[3..]);
        var email = $"{firstName}.{lastName}@example.org".ToLowerInvariant();
        var eventId = await side.CreateEventAsync(Requests.Forum(DateTimeOffset.UtcNow.AddDays(20)));
        var (id, token) = await side.RegisterAsync(eventId, Requests.Person(email, firstName, lastName));
        await worker.DeliverQueuedEmailsAsync();
        // The person's data did pass through the worker: it sent their confirmation.
        Assert.Contains(worker.DevHost.Sent, r => r.GetRawText().Contains(email, StringComparison.OrdinalIgnoreCase));
        (await worker.Client.SendAsync(Requests.WithToken(HttpMethod.Get, $"/api/registrations/{id}", token))).EnsureSuccessStatusCode();
        (await worker.Client.PostAsJsonAsync($"/api/events/{eventId}/registrations", Requests.Person(email, firstName, lastName))).EnsureSuccessStatusCode();
        (await worker.Client.SendAsync(Requests.WithToken(HttpMethod.Delete, $"/api/registrations/{id}", token))).EnsureSuccessStatusCode();
        await worker.DeliverQueuedEmailsAsync();
        (await worker.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email })).EnsureSuccessStatusCode();
        var lines = worker.Channel.Logs.Select(l => l.ToJsonString()).Concat(worker.Output).ToArray();
        // And the capture works: the app's own lines, and the framework's at Trace, are there.
        Assert.Contains(lines, l => l.Contains("Queued", StringComparison.Ordinal) && l.Contains("email", StringComparison.Ordinal));
        Assert.Contains(worker.Channel.Logs, l => l["level"] is null || l["level"]!.GetValue<string>() is "Trace" or "Debug");

        var leaks = lines.Where(l => new[] { email, firstName, lastName, token }.Any(secret => l.Contains(secret, StringComparison.OrdinalIgnoreCase))).ToArray();
        Assert.True(leaks.Length == 0, "Log lines with personal data:\n" + string.Join("\n", leaks.Take(10)));
    }
}
