using System.Net;
using System.Net.Http.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// No personal data in any log line, exception text included: the host's whole log output, at every
/// level, captured while registrations, failing email, failing timers, erasure and a storage outage run.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PersonalDataLogTests
{
    [Fact]
    public async Task No_log_line_names_an_address_or_a_name_whatever_fails()
    {
        var folder = Path.Combine(Path.GetTempPath(), "clusterscord-logs-" + Guid.NewGuid().ToString("N"));
        var azurite = await Azurite.StartAsync(location: folder);
        var capture = new LogCapture();
        var stack = new TestStack
        {
            Storage = azurite,
            OwnClock = true,
            ExtraSettings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            ConfigureHost = builder => builder.Logging.AddProvider(capture),
        };
        await stack.InitializeAsync();
        var person = PersonMarkers.New();
        // Two addresses that differ only by the Greek final sigma: the kind of pair that once made a timer
        // throw with the address in its exception message.
        var tag = person.FirstName[2..].ToLowerInvariant();
        var sigma = PersonMarkers.New() with { Email = $"x{tag}σ@example.org" };
        var finalSigma = PersonMarkers.New() with { Email = $"x{tag}ς@example.org" };
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 10));
            stack.SinkFaults.FailRandomly(1.0, seed: 5);
            await stack.RegisteredAsync(eventId, person.Form());
            stack.SinkFaults.Reset();
            stack.SinkFaults.Enqueue(HttpStatusCode.BadRequest);
            await stack.RegisterAsync(eventId, sigma.Form());
            await stack.RegisterAsync(eventId, finalSigma.Form());
            stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5));
            stack.SinkFaults.Enqueue(HttpStatusCode.Forbidden, HttpStatusCode.InternalServerError);
            await stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null);
            stack.Time.Advance(TimeSpan.FromHours(1));
            await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null);
            Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = person.Email })).StatusCode);

            await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = finalSigma.Email });

            await azurite.StopGracefullyAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = person.Email })).StatusCode);
            await stack.RegisterAsync(eventId, person.Form());
            await stack.Organiser.PostAsync("/admin/functions/PurgePersonalData?wait=true", null);
        }
        finally
        {
            await stack.DisposeAsync();
            await azurite.DisposeAsync();
        }

        var records = capture.Records;
        // The capture saw the failures, so finding nothing means something.
        Assert.Contains(records, r => r.Level >= LogLevel.Error);
        Assert.Contains(records, r => r.Category.Contains("SendGridEmailSender", StringComparison.Ordinal) && r.Level >= LogLevel.Warning);
        var leaks = records
            .SelectMany(r => new[] { person, sigma, finalSigma }.SelectMany(p => p.FoundIn(r.Text)).Select(needle => $"{r.Category} [{r.Level}] {needle}: {r.Text}"))
            .ToArray();
        Assert.Empty(leaks);
    }
}
