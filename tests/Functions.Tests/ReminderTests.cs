using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>SendReminders through the admin API, against Azurite and the local SendGrid sink, with a fake clock.</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private static readonly string[] Languages = ["en", "cs", "de", "it"];

    // A stack per test: each one moves the clock.
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Twenty_five_hundred_registrants_get_exactly_one_email_per_due_reminder_in_as_few_requests_as_batching_allows()
    {
        var sizes = new[] { 1000, 900, 600 };
        var events = new List<string>();
        for (var i = 0; i < sizes.Length; i++)
        {
            var id = await _stack.CreateEventAsync(Api.Forum(capacity: 1000, startsAt: TestStack.Start.AddDays(30 + i)));
            await SeedAsync(id, sizes[i]);
            events.Add(id);
        }
        // The 7-day reminders of all three are due; the 1-day ones are not.
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(25.5));

        await RunAsync();
        await RunAsync();

        var reminders = await ReminderRequestsAsync();
        var recipients = reminders.SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!).ToList();
        Assert.Equal(2500, recipients.Count);
        Assert.Equal(2500, recipients.Distinct().Count());
        // One request per event and language (each group is under 1,000 people).
        Assert.Equal(events.Count * Languages.Length, reminders.Count);
        Assert.All(reminders, r => Assert.All(r.GetProperty("personalizations").EnumerateArray(),
            p => Assert.Equal(1, p.GetProperty("to").GetArrayLength())));
        var german = reminders.First(r => r.GetProperty("subject").GetString()!.StartsWith("Erinnerung", StringComparison.Ordinal));
        Assert.Contains("Austauschforum Linz", german.GetProperty("subject").GetString());
        var someone = german.GetProperty("personalizations")[0];
        Assert.StartsWith(_stack.BaseAddress + "manage.html#id=", Mail.Value(someone, "manageUrl"));
        Assert.StartsWith("<", someone.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("text/calendar", german.GetProperty("attachments")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Two_runs_started_together_send_nothing_twice()
    {
        var eventId = await _stack.CreateEventAsync(Api.Forum(capacity: 500));
        await SeedAsync(eventId, 400);
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(29.5));

        await Task.WhenAll(RunAsync(), RunAsync(), RunAsync());

        var recipients = (await ReminderRequestsAsync()).SelectMany(r => r.GetProperty("personalizations").EnumerateArray()).ToList();
        Assert.Equal(400, recipients.Count);
        Assert.Equal(400, recipients.Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_sink_refusing_half_the_requests_still_ends_with_every_reminder_sent_exactly_once()
    {
        // Ten recipients a request, so that the failures hit some requests and spare others.
        var stack = new TestStack { OwnClock = true, ExtraSettings = new Dictionary<string, string?> { ["Reminders:RecipientsPerRequest"] = "10" } };
        await stack.InitializeAsync();
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 300));
            await SeedAsync(stack, eventId, 200);
            stack.Time.SetUtcNow(TestStack.Start.AddDays(29.5));
            stack.SinkFaults.FailRandomly(0.5, seed: 7);

            var runs = 0;
            while (await CountAsync(stack, eventId, "sent") < 200 && runs++ < 10)
            {
                await RunAsync(stack);
            }
            stack.SinkFaults.Reset();

            Assert.True(stack.SinkFaults.Injected >= 10, $"only {stack.SinkFaults.Injected} failures were injected");
            Assert.Equal(200, await CountAsync(stack, eventId, "sent"));
            var recipients = await ReminderRecipientsAsync(stack);
            Assert.Equal(200, recipients.Count);
            Assert.Equal(200, recipients.Distinct().Count());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task Late_registrants_cancelled_waitlisted_and_stopped_people_get_only_what_is_theirs()
    {
        var body = Api.Forum(capacity: 3);
        body["registration"]!["closesAt"] = TestStack.Start.AddDays(28).ToString("o");
        var eventId = await _stack.CreateEventAsync(body);
        await _stack.RegisteredAsync(eventId, Api.Person("early@example.org"));
        var stopped = await _stack.RegisteredAsync(eventId, Api.Person("stopped@example.org"));
        var cancelled = await _stack.RegisteredAsync(eventId, Api.Person("cancelled@example.org"));
        Assert.Equal(HttpStatusCode.NoContent, (await _stack.Client.CancelRegistrationAsync(cancelled)).StatusCode);
        // The one-click link the reminder emails carry (its own narrow token).
        var stop = _stack.Services.GetRequiredService<RegistrationLinks>().StopReminders(stopped.GetProperty("id").GetString()!);
        using (var request = new HttpRequestMessage(HttpMethod.Post, stop) { Content = new StringContent("List-Unsubscribe=One-Click") })
        {
            request.Headers.Accept.ParseAdd("application/json");
            Assert.Equal(HttpStatusCode.NoContent, (await _stack.Client.SendAsync(request)).StatusCode);
        }

        _stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5)); // the 7-day reminder is due
        var late = await _stack.RegisteredAsync(eventId, Api.Person("late@example.org"));
        var waiting = await _stack.RegisteredAsync(eventId, Api.Person("waiting@example.org"));
        await RunAsync();
        var afterFirst = await ReminderRecipientsAsync();
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(29.5)); // the 1-day reminder is due
        await RunAsync();
        var afterSecond = await ReminderRecipientsAsync();

        Assert.Equal("confirmed", late.GetProperty("status").GetString());
        Assert.Equal("waitlisted", waiting.GetProperty("status").GetString());
        Assert.Equal(["early@example.org"], afterFirst);
        Assert.Equal(["early@example.org", "early@example.org", "late@example.org"], afterSecond.Order());
    }

    [Fact]
    public async Task Missed_runs_are_caught_up_with_the_latest_reminder_only_and_nothing_goes_after_the_start()
    {
        var soon = await _stack.CreateEventAsync(Api.Forum(capacity: 10));
        var started = await _stack.CreateEventAsync(Api.Forum(capacity: 10, startsAt: TestStack.Start.AddDays(2)));
        await _stack.RegisteredAsync(soon, Api.Person("caughtup@example.org"));
        await _stack.RegisteredAsync(started, Api.Person("toolate@example.org"));

        // The app was down from before the 7-day reminder until after the start of the second event.
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(29.5));
        await RunAsync();

        var emails = await _stack.EmailsToAsync("caughtup@example.org");
        Assert.Single(emails, e => e.Request.GetProperty("categories")[0].GetString() == "registration-reminder");
        Assert.DoesNotContain(await _stack.EmailsToAsync("toolate@example.org"), e => e.Request.GetProperty("categories")[0].GetString() == "registration-reminder");
        var overview = await _stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{soon}/reminders");
        var statuses = overview.GetProperty("items")[0].GetProperty("reminders").EnumerateArray()
            .ToDictionary(r => r.GetProperty("offset").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("skipped", statuses["P7D"]);
        Assert.Equal("sent", statuses["P1D"]);
    }

    [Fact]
    public async Task Reminders_follow_the_event_clock_across_a_daylight_saving_change()
    {
        // 09:00 in Vienna on Tuesday 30 March 2027; clocks went forward on Sunday 28 March.
        var body = Api.Forum(capacity: 10, startsAt: new DateTimeOffset(2027, 3, 30, 9, 0, 0, TimeSpan.FromHours(2)));
        body["registration"]!["closesAt"] = new DateTimeOffset(2027, 3, 20, 0, 0, 0, TimeSpan.Zero).ToString("o");
        var eventId = await _stack.CreateEventAsync(body);
        await _stack.RegisteredAsync(eventId, Api.Person("dst@example.org"));

        var overview = await _stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/reminders");
        var due = overview.GetProperty("items")[0].GetProperty("reminders").EnumerateArray()
            .ToDictionary(r => r.GetProperty("offset").GetString()!, r => r.GetProperty("dueAt").GetDateTimeOffset());

        // 09:00 local both times: UTC+1 a week before, UTC+2 the day before.
        Assert.Equal(new DateTimeOffset(2027, 3, 23, 8, 0, 0, TimeSpan.Zero), due["P7D"]);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero), due["P1D"]);
        _stack.Time.SetUtcNow(due["P7D"].AddMinutes(-1));
        await RunAsync();
        Assert.Empty(await ReminderRecipientsAsync());
        _stack.Time.SetUtcNow(due["P7D"]);
        await RunAsync();
        Assert.Equal(["dst@example.org"], await ReminderRecipientsAsync());
    }

    [Fact]
    public async Task A_permanent_refusal_is_recorded_and_shown_to_organisers()
    {
        var eventId = await _stack.CreateEventAsync(Api.Forum(capacity: 10));
        await _stack.RegisteredAsync(eventId, Api.Person("refused@example.org"));
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5));
        _stack.SinkFaults.Enqueue(HttpStatusCode.Forbidden);

        await RunAsync();
        await RunAsync();

        var overview = await _stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/reminders");
        var line = overview.GetProperty("items")[0].GetProperty("reminders").EnumerateArray().Single(r => r.GetProperty("offset").GetString() == "P7D");
        Assert.Equal("refused", line.GetProperty("status").GetString());
        Assert.Contains("403", line.GetProperty("reason").GetString());
        Assert.Empty(await ReminderRecipientsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.GetAsync($"/api/manage/events/{eventId}/reminders")).StatusCode);
    }

    private Task RunAsync() => RunAsync(_stack);

    private static async Task RunAsync(TestStack stack)
    {
        var response = await stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Registrations written straight through the store (no confirmation emails), languages taking turns.</summary>
    private Task SeedAsync(string eventId, int count) => SeedAsync(_stack, eventId, count);

    private static async Task SeedAsync(TestStack stack, string eventId, int count)
    {
        var store = stack.Services.GetRequiredService<IRegistrationStore>();
        var now = stack.Time.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
        {
            var email = $"r{i}-{eventId}@example.org";
            return store.AdmitAsync(new Registration
            {
                Id = RegistrationIds.New(eventId),
                EventId = eventId,
                Person = new PersonDetails
                {
                    FirstName = "P" + i, LastName = "Test", Email = email, Organisation = "Cluster", Country = "CZ",
                    Role = ParticipantRole.ClusterMember, Language = Languages[i % Languages.Length],
                },
                EmailKey = email,
                Status = RegistrationStatus.Confirmed,
                RegisteredAt = now,
                ConsentedAt = now,
                ConsentTextVersion = "test",
                TokenHash = "00",
            }, CancellationToken.None);
        }));
    }

    private Task<List<JsonElement>> ReminderRequestsAsync() => ReminderRequestsAsync(_stack);

    private static async Task<List<JsonElement>> ReminderRequestsAsync(TestStack stack)
        => (await stack.OutboxRequestsAsync()).Where(r => r.GetProperty("categories")[0].GetString() == "registration-reminder").ToList();

    private Task<List<string>> ReminderRecipientsAsync() => ReminderRecipientsAsync(_stack);

    private static async Task<List<string>> ReminderRecipientsAsync(TestStack stack)
        => (await ReminderRequestsAsync(stack)).SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!).ToList();

    private static async Task<int> CountAsync(TestStack stack, string eventId, string status)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/reminders?pageSize=100"
                + (token is null ? "" : "&continuationToken=" + token));
            count += page.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("reminders").EnumerateArray())
                .Count(r => r.GetProperty("status").GetString() == status);
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return count;
    }
}
