using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Domain.Reminders;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>Faults on purpose: storage going away mid-burst, a timer run dying half-way.</summary>
[Trait("Category", "Slow")]
public sealed class FaultTests
{
    [Fact]
    public async Task Azurite_stopped_and_restarted_mid_burst_loses_no_acknowledged_registration_and_counts_agree()
    {
        var folder = Path.Combine(Path.GetTempPath(), "clusterscord-fault-" + Guid.NewGuid().ToString("N"));
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var azurite = await Azurite.StartAsync(blob, queue, table, folder);
        var stack = new TestStack { Storage = azurite };
        await stack.InitializeAsync();
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            var answers = new ConcurrentBag<(string Email, HttpStatusCode Status)>();
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var email = $"fault-{client}-{i}@example.org";
                    var response = await stack.RegisterAsync(eventId, Api.Person(email));
                    answers.Add((email, response.StatusCode));
                }
            })).ToArray();

            int Count(HttpStatusCode status) => answers.Count(a => a.Status == status);
            // Conditions, not sleeps: the burst is under way, storage's absence is answered, and after the
            // restart registrations are accepted again, however fast or slow the machine is.
            await Eventually.TrueAsync(() => Count(HttpStatusCode.Created) >= 40, "the burst did not get under way");
            await azurite.StopGracefullyAsync();
            await Eventually.TrueAsync(() => Count(HttpStatusCode.ServiceUnavailable) >= 8, "no 503 while storage was away");
            var acceptedBefore = Count(HttpStatusCode.Created);
            azurite = await Azurite.StartAsync(blob, queue, table, folder);
            await Eventually.TrueAsync(() => Count(HttpStatusCode.Created) >= acceptedBefore + 40, "no registration accepted after the restart");
            stop.Cancel();
            await Task.WhenAll(clients);

            Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
            Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
            var acknowledged = answers.Where(a => a.Status is HttpStatusCode.Created or HttpStatusCode.OK).Select(a => a.Email).ToList();
            Assert.NotEmpty(acknowledged);
            var rows = await stack.AllRegistrationsAsync(eventId);
            var stored = rows.Select(r => r.GetProperty("email").GetString()!).ToList();
            Assert.Equal(stored.Count, stored.Distinct().Count());
            Assert.All(acknowledged, email => Assert.Single(stored, s => s == email));
            var seats = await stack.EventAsync(eventId);
            var confirmed = rows.Count(r => r.GetProperty("status").GetString() == "confirmed");
            Assert.Equal(seats.GetProperty("confirmed").GetInt32(), confirmed);
            Assert.Equal(seats.GetProperty("waitlisted").GetInt32(), rows.Count(r => r.GetProperty("status").GetString() == "waitlisted"));
            Assert.True(confirmed <= 50);
        }
        finally
        {
            await stack.DisposeAsync();
            await azurite.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_reminder_run_killed_half_way_is_completed_by_the_next_run()
    {
        // Fifty requests of two: the kill lands half way even when a loaded machine lets the run race ahead of the poll.
        var stack = new TestStack { OwnClock = true, ExtraSettings = new Dictionary<string, string?> { ["Reminders:RecipientsPerRequest"] = "2" } };
        await stack.InitializeAsync();
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 100));
            for (var i = 0; i < 100; i += 20)
            {
                await Task.WhenAll(Enumerable.Range(i, 20).Select(n => stack.RegisteredAsync(eventId, Api.Person($"killed-{n}@example.org"))));
            }
            await stack.DeliverEmailsAsync(); // the confirmations out of the way: only reminders are counted below
            await stack.Client.DeleteAsync("/dev/outbox");
            stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5));

            // The run dies (its instance is stopped) after a few of its fifty requests went out.
            using var kill = new CancellationTokenSource();
            var run = stack.Services.GetRequiredService<ReminderService>().RunAsync(kill.Token);
            await Eventually.TrueAsync(async () => (await stack.OutboxRequestsAsync()).Count >= 3,
                "the reminder run sent nothing", TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(5));
            kill.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            var afterKill = await RecipientsAsync(stack);
            Assert.InRange(afterKill.Count, 6, 98);

            // Its claims hold until the lease runs out; then the next run takes them over.
            await RunAsync(stack);
            Assert.Equal(afterKill.Count, (await RecipientsAsync(stack)).Count);
            stack.Time.Advance(TimeSpan.FromMinutes(11));
            await RunAsync(stack);

            var recipients = await RecipientsAsync(stack);
            Assert.Equal(100, recipients.Distinct().Count());
            // At least once, never lost; a request in flight at the moment of the kill may go twice.
            Assert.InRange(recipients.Count, 100, 110);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task RunAsync(TestStack stack)
        => Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);

    private static async Task<List<string>> RecipientsAsync(TestStack stack)
        => (await stack.OutboxRequestsAsync())
            .Where(r => r.GetProperty("categories")[0].GetString() == "registration-reminder")
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!).ToList();
}
