using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Domain.Meetings;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>
/// A meeting change owes its email before the change is written (they live in different tables): the email
/// goes out only if the change then stands, so a refused change never reaches anyone, not even through the sweep.
/// And a scheduler run publishes its placements in transactions: meetings that swap tables do so together.
/// </summary>
public sealed class MeetingEmailTests
{
    private static bool Subject(JsonElement request, string part) => request.GetProperty("subject").GetString()!.Contains(part, StringComparison.Ordinal);

    [Fact]
    public async Task Refused_requests_and_answers_owe_no_email_even_once_the_sweep_has_run()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack, requestsPerPerson: 1);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var (cyril, cyrilEmail) = await forum.JoinAsync("Cyril");

        var first = await forum.RequestAsync(anna, ben.ParticipantId);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var requestId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        // Over the limit: its email was stored before the refusal and must never go.
        Assert.Equal(HttpStatusCode.Conflict, (await forum.RequestAsync(anna, cyril.ParticipantId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/accept")).StatusCode);
        // Too late to decline (accepted already), and not Cyril's to withdraw.
        Assert.Equal(HttpStatusCode.Conflict, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/decline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await forum.Send(cyril, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw")).StatusCode);
        await stack.DeliverEmailsAsync();
        // Both withdraw at once: one wins, and both are told once, by the winner's withdrawal (the loser's owes nothing).
        var withdrawals = await Task.WhenAll(
            forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw"),
            forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw"));
        Assert.Single(withdrawals, w => w.StatusCode == HttpStatusCode.OK);
        var toldEmail = withdrawals[0].StatusCode == HttpStatusCode.OK ? benEmail : annaEmail;
        var winnerEmail = toldEmail == benEmail ? annaEmail : benEmail;
        // And again later: refused, owing nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw")).StatusCode);

        await stack.DeliverEmailsAsync();
        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null)).StatusCode);
        await stack.DeliverEmailsAsync();

        Assert.Single(await stack.EmailsToAsync(benEmail), e => Subject(e.Request, "Meeting request"));
        Assert.Single(await stack.EmailsToAsync(annaEmail), e => Subject(e.Request, "was accepted"));
        Assert.DoesNotContain(await stack.EmailsToAsync(annaEmail), e => Subject(e.Request, "declined"));
        Assert.DoesNotContain(await stack.EmailsToAsync(cyrilEmail), e => Subject(e.Request, "Meeting request") || Subject(e.Request, "withdrawn"));
        Assert.Single(await stack.EmailsToAsync(toldEmail), e => Subject(e.Request, "withdrawn"));
        // The winner withdrew an agreed meeting: their email takes it out of their own calendar.
        var toWinner = Assert.Single(await stack.EmailsToAsync(winnerEmail), e => Subject(e.Request, "withdrawn")).Request;
        Assert.Contains($"UID:{requestId}@clusterscord-meetings", Mail.Attached(toWinner, MeetingCalendar.CancelFileName));
    }

    [Fact]
    public async Task The_sweep_counts_a_meeting_email_no_longer_owed_as_dropped_not_as_sent()
    {
        var capture = new Trust.LogCapture();
        await using var stack = new TestStack
        {
            OwnClock = true,
            ExtraSettings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" },
            ConfigureHost = builder => builder.Logging.AddProvider(capture),
        };
        await stack.InitializeAsync();
        var forum = await MeetingForum.CreateAsync(stack, requestsPerPerson: 1);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        var (cyril, cyrilEmail) = await forum.JoinAsync("Cyril");
        Assert.Equal(HttpStatusCode.Created, (await forum.RequestAsync(anna, ben.ParticipantId)).StatusCode);
        // Over the limit: its email was stored before the refusal, so only the sweep finds it, and it is not owed.
        Assert.Equal(HttpStatusCode.Conflict, (await forum.RequestAsync(anna, cyril.ParticipantId)).StatusCode);
        await stack.DeliverEmailsAsync();

        stack.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null)).StatusCode);

        var run = Assert.Single(capture.Records, r => r.Text.StartsWith("SendPendingEmails (past due", StringComparison.Ordinal));
        Assert.Contains(": 0 sent, 1 no longer due, 0 to retry", run.Text);
        Assert.DoesNotContain(await stack.EmailsToAsync(cyrilEmail), e => Subject(e.Request, "Meeting request"));
    }

    [Fact]
    public async Task A_cancelled_registration_tells_the_other_side_of_each_of_its_meetings_at_once()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var (cyril, cyrilEmail) = await forum.JoinAsync("Cyril", language: "cs");
        var (dora, doraEmail) = await forum.JoinAsync("Dora");
        var benMeeting = await forum.AcceptedAsync(ben, anna);
        await forum.AcceptedAsync(cyril, anna);
        var open = await forum.RequestAsync(dora, anna.ParticipantId);
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        await forum.ScheduledAsync();
        await stack.DeliverEmailsAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(anna.Registration)).StatusCode);

        // Cyril (in Czech) and Dora are told, each naming Anna; Cyril's agenda is empty now. Ben is told too.
        var (toCyril, cyrilPerson) = Assert.Single(await stack.EmailsToAsync(cyrilEmail), e => Subject(e.Request, "stažena"));
        var cyrilText = Mail.Filled(toCyril, cyrilPerson).Text;
        Assert.Contains("Účastník: Anna Nováková", cyrilText);
        Assert.Contains("Momentálně pro vás není naplánována žádná schůzka.", cyrilText);
        var toDora = Assert.Single(await stack.EmailsToAsync(doraEmail), e => Subject(e.Request, "withdrawn")).Request;
        var toBen = Assert.Single(await stack.EmailsToAsync(benEmail), e => Subject(e.Request, "withdrawn")).Request;
        Assert.Empty((await (await forum.Send(cyril, HttpMethod.Get, "/agenda")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        // Ben's agreed meeting leaves his calendar; Dora's open request was never in one.
        var cancel = Mail.Attached(toBen, MeetingCalendar.CancelFileName)!;
        Assert.Contains("METHOD:CANCEL", cancel);
        Assert.Contains($"UID:{benMeeting}@clusterscord-meetings", cancel);
        Assert.Contains("STATUS:CANCELLED", cancel);
        Assert.Null(Mail.Attached(toDora, MeetingCalendar.CancelFileName));
        // Cancelled twice (a retry): nobody is told twice.
        await stack.Client.CancelRegistrationAsync(anna.Registration);
        Assert.Single(await stack.EmailsToAsync(doraEmail), e => Subject(e.Request, "withdrawn"));
        Assert.DoesNotContain(await stack.EmailsToAsync(annaEmail), e => Subject(e.Request, "withdrawn"));
    }

    [Fact]
    public async Task Withdrawing_an_agreed_meeting_cancels_it_in_both_calendars_with_a_later_sequence()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var (cyril, cyrilEmail) = await forum.JoinAsync("Cyril");
        var agreed = await forum.AcceptedAsync(anna, ben);
        var open = await (await forum.RequestAsync(anna, cyril.ParticipantId)).Content.ReadFromJsonAsync<JsonElement>();
        await forum.ScheduledAsync();
        var published = await (await forum.Send(ben, HttpMethod.Get, "/agenda.ics")).Content.ReadAsStringAsync();
        Assert.Contains($"UID:{agreed}@clusterscord-meetings", published);
        stack.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(HttpStatusCode.OK, (await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{agreed}/withdraw")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{open.GetProperty("requestId").GetString()}/withdraw")).StatusCode);
        await stack.DeliverEmailsAsync();

        var cancel = Mail.Attached(Assert.Single(await stack.EmailsToAsync(benEmail), e => Subject(e.Request, "withdrawn")).Request, MeetingCalendar.CancelFileName)!;
        Assert.Contains("METHOD:CANCEL", cancel);
        Assert.Contains($"UID:{agreed}@clusterscord-meetings", cancel);
        // A calendar takes the cancellation over the file it holds only if its SEQUENCE is later.
        Assert.True(SequenceOf(cancel) > SequenceOf(published), $"{SequenceOf(cancel)} after {SequenceOf(published)}");
        Assert.Null(Mail.Attached(Assert.Single(await stack.EmailsToAsync(cyrilEmail), e => Subject(e.Request, "withdrawn")).Request, MeetingCalendar.CancelFileName));
        // Anna, who withdrew both, is told of the agreed meeting only (the open request was never in her calendar),
        // with the same cancellation for her own calendar, naming Ben.
        var (toAnna, annaPerson) = Assert.Single(await stack.EmailsToAsync(annaEmail), e => Subject(e.Request, "withdrawn"));
        var own = Mail.Attached(toAnna, MeetingCalendar.CancelFileName)!;
        Assert.Contains($"UID:{agreed}@clusterscord-meetings", own);
        Assert.True(SequenceOf(own) > SequenceOf(published));
        Assert.Contains("Participant: Ben Nováková", Mail.Filled(toAnna, annaPerson).Text);
    }

    [Fact]
    public async Task A_meeting_a_run_takes_off_the_schedule_is_cancelled_in_both_calendars()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var agreed = await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();
        await stack.DeliverEmailsAsync();
        static bool Changed(JsonElement request) => Subject(request, "have changed");
        foreach (var email in new[] { annaEmail, benEmail })
        {
            Assert.Null(Mail.Attached(Assert.Single(await stack.EmailsToAsync(email), e => Changed(e.Request)).Request, MeetingCalendar.CancelFileName));
        }

        // They no longer share a session: the next run cannot keep the meeting.
        await SessionsAsync(stack, anna, 0);
        await SessionsAsync(stack, ben, 1);
        stack.Time.Advance(TimeSpan.FromMinutes(1));
        await forum.ScheduledAsync();
        await stack.DeliverEmailsAsync();

        foreach (var email in new[] { annaEmail, benEmail })
        {
            var latest = (await stack.EmailsToAsync(email)).Where(e => Changed(e.Request)).Last().Request;
            var cancel = Mail.Attached(latest, MeetingCalendar.CancelFileName)!;
            Assert.Contains("METHOD:CANCEL", cancel);
            Assert.Contains($"UID:{agreed}@clusterscord-meetings", cancel);
        }
        Assert.Empty((await (await forum.Send(anna, HttpMethod.Get, "/agenda")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_meeting_whose_other_side_was_erased_is_cancelled_in_the_remaining_calendar_by_the_next_run()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var agreed = await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();
        await stack.DeliverEmailsAsync();

        // Erasure tells nobody; the run that takes the meeting off is what tells Ben.
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = annaEmail })).StatusCode);
        stack.Time.Advance(TimeSpan.FromMinutes(1));
        await forum.ScheduledAsync();
        await stack.DeliverEmailsAsync();

        var latest = (await stack.EmailsToAsync(benEmail)).Where(e => Subject(e.Request, "have changed")).Last().Request;
        var cancel = Mail.Attached(latest, MeetingCalendar.CancelFileName)!;
        Assert.Contains($"UID:{agreed}@clusterscord-meetings", cancel);
        Assert.DoesNotContain("Anna", cancel);
    }

    [Fact]
    public async Task A_cancelled_registration_cancels_its_meetings_in_its_own_calendar_also_after_a_run_or_the_other_sides_withdrawal()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        var (cyril, _) = await forum.JoinAsync("Cyril");
        var withBen = await forum.AcceptedAsync(anna, ben);
        var withCyril = await forum.AcceptedAsync(anna, cyril);
        await forum.ScheduledAsync();
        await stack.DeliverEmailsAsync();

        // Cyril withdraws just before Anna cancels (the notice to Anna is then no longer due), and a run takes
        // Anna's meeting with Ben off the schedule before her cancellation email goes out.
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(cyril, HttpMethod.Post, $"/meeting-requests/{withCyril}/withdraw")).StatusCode);
        var queue = await DeliveryQueue.ClearAsync(stack);
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(anna.Registration)).StatusCode);
        await queue.ClearMessagesAsync();
        stack.Time.Advance(TimeSpan.FromMinutes(1));
        await forum.ScheduledAsync();
        stack.Time.Advance(Domain.Registrations.PendingEmail.Grace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null)).StatusCode);

        var cancelled = Assert.Single(await stack.EmailsToAsync(annaEmail), e => Mail.Attached(e.Request, MeetingCalendar.CancelFileName) is not null).Request;
        var cancel = Mail.Attached(cancelled, MeetingCalendar.CancelFileName)!;
        Assert.Contains($"UID:{withBen}@clusterscord-meetings", cancel);
        Assert.Contains($"UID:{withCyril}@clusterscord-meetings", cancel);
        Assert.NotNull(Mail.Attached(cancelled, Domain.Calendar.EventCalendar.FileName));
    }

    private static async Task SessionsAsync(TestStack stack, MeetingForum.Participant who, params int[] sessions)
    {
        var profile = new System.Text.Json.Nodes.JsonObject
        {
            ["offers"] = new System.Text.Json.Nodes.JsonArray("market access"),
            ["needs"] = new System.Text.Json.Nodes.JsonArray("joint projects"),
            ["sessions"] = new System.Text.Json.Nodes.JsonArray(sessions.Select(s => (System.Text.Json.Nodes.JsonNode)s).ToArray()),
        };
        var response = await stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, who.Registration, "/meeting-profile", profile));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int SequenceOf(string calendar)
        => int.Parse(System.Text.RegularExpressions.Regex.Match(calendar, @"SEQUENCE:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_run_moving_more_meetings_than_one_transaction_holds_never_shows_two_at_one_table()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var store = stack.Services.GetRequiredService<IMeetingStore>();
        var eventId = "forum-publish-" + Guid.NewGuid().ToString("N")[..8];
        const int meetings = 130, tables = 10;
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        // 130 accepted requests between distinct pairs, written straight through the store (through HTTP this
        // would take 260 registrations); each in its own cell of 13 slots x 10 tables.
        for (var i = 0; i < meetings; i++)
        {
            var (a, b) = ($"{eventId}.a{i:D3}", $"{eventId}.b{i:D3}");
            var from = await store.SaveProfileAsync(new MeetingProfile { EventId = eventId, RegistrationId = a, ParticipantId = $"pa{i:D3}", Sessions = [0], UpdatedAt = now }, CancellationToken.None);
            var request = new MeetingRequest
            {
                Id = $"q{i:D3}", EventId = eventId, From = from.ParticipantId, To = $"pb{i:D3}", FromRegistrationId = a, ToRegistrationId = b,
                State = MeetingRequestState.Accepted, CreatedAt = now,
            };
            Assert.Equal(RequestAddition.Added, await store.AddRequestAsync(request, 10, CancellationToken.None));
            ids.Add(request.Id);
        }
        Assert.Equal(meetings, (await store.PublishAsync(eventId, ids.Select((id, i) => new PlacementChange(id, i / tables, i % tables)).ToArray(), CancellationToken.None)).Count);

        // Every meeting moves one cell on (the last to the first): every target is another's present cell.
        var moves = ids.Select((id, i) => new PlacementChange(id, (i + 1) % meetings / tables, (i + 1) % meetings % tables)).ToArray();
        using var done = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            try
            {
                return await store.PublishAsync(eventId, moves, CancellationToken.None);
            }
            finally
            {
                await done.CancelAsync();
            }
        });
        var snapshots = 0;
        while (!done.IsCancellationRequested)
        {
            var placed = (await store.RequestsAsync(eventId, CancellationToken.None)).Where(r => r.IsPlaced).ToArray();
            Assert.Equal(placed.Length, placed.Select(r => (r.Slot, r.Table)).Distinct().Count());
            snapshots++;
        }
        Assert.Equal(meetings, (await publishing).Count);
        Assert.True(snapshots > 0);
        var final = (await store.RequestsAsync(eventId, CancellationToken.None)).ToDictionary(r => r.Id);
        Assert.All(moves, m => Assert.Equal((m.Slot, m.Table), (final[m.RequestId].Slot, final[m.RequestId].Table)));
    }

    [Fact]
    public async Task Published_placements_swap_tables_together_and_skip_a_request_withdrawn_meanwhile()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(stack);
        var people = new List<MeetingForum.Participant>();
        foreach (var name in new[] { "Anna", "Ben", "Cyril", "Dora", "Emil", "Fero" })
        {
            people.Add((await forum.JoinAsync(name)).Participant);
        }
        var first = await forum.AcceptedAsync(people[0], people[1]);
        var second = await forum.AcceptedAsync(people[2], people[3]);
        var third = await forum.AcceptedAsync(people[4], people[5]);
        var store = stack.Services.GetRequiredService<IMeetingStore>();

        var placed = await store.PublishAsync(forum.EventId,
            [new PlacementChange(first, 0, 0), new PlacementChange(second, 0, 1), new PlacementChange(third, 1, 0)], CancellationToken.None);
        Assert.Equal(3, placed.Count);

        // Third is withdrawn between the run's read and its write: the swap goes through, third stays off.
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(people[5], HttpMethod.Post, $"/meeting-requests/{third}/withdraw")).StatusCode);
        var swapped = await store.PublishAsync(forum.EventId,
            [new PlacementChange(first, 0, 1), new PlacementChange(second, 0, 0), new PlacementChange(third, 2, 2)], CancellationToken.None);

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), swapped.Select(r => r.Id).Order(StringComparer.Ordinal));
        var requests = (await store.RequestsAsync(forum.EventId, CancellationToken.None)).ToDictionary(r => r.Id);
        Assert.Equal((0, 1), (requests[first].Slot, requests[first].Table));
        Assert.Equal((0, 0), (requests[second].Slot, requests[second].Table));
        Assert.False(requests[third].IsPlaced);
        var meetings = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        Assert.Equal([1, 2], meetings.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("table").GetInt32()).Order().ToArray());

        // Taken off the schedule: written once, then left as it is.
        Assert.Single(await store.PublishAsync(forum.EventId, [new PlacementChange(first, null, null)], CancellationToken.None));
        Assert.Empty(await store.PublishAsync(forum.EventId, [new PlacementChange(first, null, null), new PlacementChange(second, 0, 0)], CancellationToken.None));
    }
}
