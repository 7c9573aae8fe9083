using System.Text.Json;
using ClustersCord.Worker.Tests.Infrastructure;

namespace ClustersCord.Worker.Tests;

/// <summary>
/// The queue-triggered and timer-triggered functions through the worker, invoked as the host invokes them
/// (a queue message's text; the timer's JSON), with the same outcome as DevHost: the same emails.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class TriggerTests(WorkerHost worker)
{
    [Fact]
    public async Task DeliverEmail_sends_the_queued_confirmation_and_SendReminders_the_due_reminder_as_on_DevHost()
    {
        // A reminder one minute before a start 80 s away falls due 20 s from now, after the registrations.
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(80);
        var sides = new[] { new Side("worker", worker.Client, worker.Organiser), new Side("DevHost", worker.DevHost.Client, worker.DevHost.Organiser) };
        var addresses = new Dictionary<string, string>();
        foreach (var side in sides)
        {
            var eventId = await side.CreateEventAsync(Requests.Forum(startsAt, reminders: "PT1M"));
            addresses[side.Name] = $"trigger-{Guid.NewGuid():N}@example.org";
            await side.RegisterAsync(eventId, Requests.Person(addresses[side.Name]));
        }

        var deliveries = await worker.DeliverQueuedEmailsAsync();
        Assert.NotEmpty(deliveries);
        Assert.All(deliveries, d => Assert.True(RpcMessages.Succeeded(d["result"]), d.ToJsonString()));
        (await worker.DevHost.Organiser.PostAsync("/admin/queues/drain", null)).EnsureSuccessStatusCode();
        Assert.Single(SentTo(addresses["worker"]));
        Assert.Equal(Subjects(addresses["DevHost"]), Subjects(addresses["worker"]));

        var due = startsAt.AddMinutes(-1) - DateTimeOffset.UtcNow;
        Assert.True(due > TimeSpan.Zero, "The registrations took longer than the time before the reminder was due.");
        await Task.Delay(due + TimeSpan.FromSeconds(1));
        var run = await worker.InvokeTimerAsync("SendReminders");
        Assert.True(RpcMessages.Succeeded(run["result"]), run.ToJsonString());
        (await worker.DevHost.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).EnsureSuccessStatusCode();

        Assert.Equal(2, SentTo(addresses["worker"]).Count);
        Assert.Equal(Subjects(addresses["DevHost"]), Subjects(addresses["worker"]));
    }

    private List<JsonElement> SentTo(string address) => worker.DevHost.Sent
        .Where(r => r.GetProperty("personalizations").EnumerateArray().Any(p => p.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("email").GetString() == address)))
        .ToList();

    private string[] Subjects(string address) => SentTo(address).Select(r => r.GetProperty("subject").GetString()!).ToArray();
}
