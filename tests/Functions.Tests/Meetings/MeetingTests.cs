using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>Bilateral meetings over HTTP: taking part, the participants list, requests and answers, the schedule, agendas.</summary>
public sealed class MeetingTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task A_scheduled_meeting_that_has_begun_cannot_be_withdrawn_and_stays_on_the_organisers_list()
    {
        await using var own = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(own);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        var requestId = await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();

        // The forum's sessions are 30 and 31 days on: 32 days on, every slot has begun.
        own.Time.Advance(TimeSpan.FromDays(32));
        var withdraw = await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw");

        Assert.Equal(HttpStatusCode.Conflict, withdraw.StatusCode);
        Assert.Contains("has begun", await withdraw.Content.ReadAsStringAsync());
        var meetings = await own.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        Assert.Contains(meetings.GetProperty("items").EnumerateArray(), m => m.GetProperty("requestId").GetString() == requestId);

        // Nor does cancelling afterwards take it, or what was told about it, off the list.
        var told = await own.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{requestId}/outcome",
            new JsonObject { ["held"] = true, ["topic"] = "joint pilot" }));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await own.Client.SendAsync(Api.ManageRequest(HttpMethod.Delete, ben.Registration))).StatusCode);
        meetings = await own.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        var kept = meetings.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("requestId").GetString() == requestId);
        Assert.Contains(kept.GetProperty("people").EnumerateArray(), p => p.GetProperty("name").GetString()!.StartsWith("Ben", StringComparison.Ordinal));
        Assert.Equal("joint pilot", Assert.Single(kept.GetProperty("outcomes").EnumerateArray()).GetProperty("topic").GetString());
    }

    [Fact]
    public async Task A_meeting_that_has_begun_stays_on_the_other_sides_agenda_after_a_cancellation_and_its_outcome_can_be_told()
    {
        await using var own = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(own);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var (carl, carlEmail) = await forum.JoinAsync("Carl");
        var begun = await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();
        // One meeting whose other side cancels before it begins: that one leaves the agenda.
        var notYet = await forum.AcceptedAsync(anna, carl);
        await forum.ScheduledAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await own.Client.SendAsync(Api.ManageRequest(HttpMethod.Delete, carl.Registration))).StatusCode);

        // The forum's sessions are 30 and 31 days on: 32 days on, every slot has begun. Then Ben cancels.
        own.Time.Advance(TimeSpan.FromDays(32));
        Assert.Equal(HttpStatusCode.NoContent, (await own.Client.SendAsync(Api.ManageRequest(HttpMethod.Delete, ben.Registration))).StatusCode);

        var agenda = await forum.Send(anna, HttpMethod.Get, "/agenda");
        Assert.Equal(HttpStatusCode.OK, agenda.StatusCode);
        var items = (await agenda.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        var kept = Assert.Single(items);
        Assert.Equal(begun, kept.GetProperty("requestId").GetString());
        Assert.NotEqual(notYet, begun);
        using var calendar = await forum.Send(anna, HttpMethod.Get, "/agenda.ics");
        Assert.Contains($"UID:{begun}@clusterscord-meetings", await calendar.Content.ReadAsStringAsync());
        var told = await own.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{begun}/outcome",
            new JsonObject { ["held"] = true, ["topic"] = "joint pilot" }));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        // It is refused withdrawal as a meeting that has begun; the one Carl left before it began took no place to tell of.
        using var withdraw = await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{begun}/withdraw");
        Assert.Equal(HttpStatusCode.Conflict, withdraw.StatusCode);
        Assert.Contains("has begun", await withdraw.Content.ReadAsStringAsync());
        using var untold = await own.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{notYet}/outcome",
            new JsonObject { ["held"] = true }));
        Assert.Equal(HttpStatusCode.Conflict, untold.StatusCode);
        Assert.Contains("left before it began", await untold.Content.ReadAsStringAsync());

        // So does Anna's own list of requests: the begun meeting accepted, with Ben and its table; Carl's ended.
        var mine = (await (await forum.Send(anna, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("requestId").GetString()!);
        Assert.Equal("accepted", mine[begun].GetProperty("state").GetString());
        Assert.Equal("Ben Nováková", mine[begun].GetProperty("with").GetProperty("name").GetString());
        Assert.Equal(kept.GetProperty("table").GetInt32(), mine[begun].GetProperty("table").GetInt32());
        Assert.Equal("ended", mine[notYet].GetProperty("state").GetString());

        // The organisers' list agrees: the begun meeting stays, the one Carl left before it began does not.
        var listed = (await own.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings"))
            .GetProperty("items").EnumerateArray().Select(m => m.GetProperty("requestId").GetString()).ToList();
        Assert.Equal([begun], listed);
        // Anna is told of Carl's leaving (cancelling that meeting in her calendar), never of Ben's: hers stands. Not
        // even by a notice owed just before the meeting began for a cancellation written just after (a race).
        var annaRegistration = Api.ManageLink(anna.Registration).Id;
        var raced = new Domain.Registrations.PendingEmail(annaRegistration, Domain.Email.RegistrationEmailKind.MeetingWithdrawn, begun);
        await own.Services.GetRequiredService<Domain.Email.IOwedEmailStore>().OweAsync(forum.EventId, [raced], own.Time.GetUtcNow(), CancellationToken.None);
        await own.Services.GetRequiredService<Domain.Email.IEmailQueue>().EnqueueAsync(raced, null, CancellationToken.None);
        await own.DeliverEmailsAsync();
        var withdrawn = Assert.Single(await own.EmailsToAsync(annaEmail), e => e.Request.GetProperty("subject").GetString()!.Contains("withdrawn", StringComparison.Ordinal));
        var attached = Mail.Attachments(withdrawn.Request).Values.ToList();
        Assert.Contains(attached, a => a.Contains("METHOD:CANCEL", StringComparison.Ordinal) && a.Contains($"UID:{notYet}@", StringComparison.Ordinal));
        Assert.DoesNotContain(attached, a => a.Contains("METHOD:CANCEL", StringComparison.Ordinal) && a.Contains($"UID:{begun}@", StringComparison.Ordinal));
        // Carl's own cancellation takes the meeting he left before it began out of his calendar, named by Anna;
        // Ben's leaves the one that had begun (it took place).
        var carlsFiles = Mail.Attachments(Assert.Single(await own.EmailsToAsync(carlEmail), e => e.Request.GetRawText().Contains("meeting-cancelled.ics", StringComparison.Ordinal)).Request);
        var carlsCancel = carlsFiles["meeting-cancelled.ics"].Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("METHOD:CANCEL", carlsCancel);
        Assert.Contains($"UID:{notYet}@clusterscord-meetings", carlsCancel);
        Assert.Contains("Anna", carlsCancel);
        Assert.True(carlsFiles.ContainsKey("event.ics"));
        Assert.DoesNotContain(await own.EmailsToAsync(benEmail), e => e.Request.GetRawText().Contains("meeting-cancelled.ics", StringComparison.Ordinal));

        // Ben erased later: the meeting still stands on Anna's agenda, unnamed, as on the organisers' list.
        Assert.Equal(HttpStatusCode.OK, (await own.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = benEmail })).StatusCode);
        var afterErasure = Assert.Single((await (await forum.Send(anna, HttpMethod.Get, "/agenda")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal(begun, afterErasure.GetProperty("requestId").GetString());
        Assert.Equal("", afterErasure.GetProperty("with").GetProperty("name").GetString());
        Assert.DoesNotContain("Ben", await (await forum.Send(anna, HttpMethod.Get, "/agenda.ics")).Content.ReadAsStringAsync());

        // Carl erased too: the meeting he left before it began stays off every list.
        Assert.Equal(HttpStatusCode.OK, (await own.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = carlEmail })).StatusCode);
        Assert.Equal([begun], (await own.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings"))
            .GetProperty("items").EnumerateArray().Select(m => m.GetProperty("requestId").GetString()).ToList());
        var afterCarl = (await (await forum.Send(anna, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("requestId").GetString()!);
        Assert.Equal("ended", afterCarl[notYet].GetProperty("state").GetString());
        Assert.Equal("accepted", afterCarl[begun].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Once_meetings_are_scheduled_the_sessions_and_slots_cannot_change_but_a_session_may_be_added()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        var requestId = await forum.AcceptedAsync(anna, ben);
        // Before anything is scheduled the setting may change freely.
        var body = MeetingForum.Body();
        body["meetings"]!["slotMinutes"] = 30;
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", body)).StatusCode);
        body = MeetingForum.Body();
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", body)).StatusCode);
        await forum.ScheduledAsync();
        var agenda = await AgendaAsync(forum, anna);

        var changes = new (string What, Action<JsonObject> Change)[]
        {
            ("slot length", b => b["meetings"]!["slotMinutes"] = 30),
            ("a session moved", b => b["meetings"]!["sessions"]![0]!["startsAt"] = TestStack.Start.AddDays(30).AddHours(2).ToString("o")),
            ("a session removed", b => b["meetings"]!["sessions"]!.AsArray().RemoveAt(1)),
            ("no meetings any more", b => b.Remove("meetings")),
        };
        foreach (var (what, change) in changes)
        {
            body = MeetingForum.Body();
            change(body);
            using var refused = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", body);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Conflict, $"{what}: {refused.StatusCode} {problem}");
            Assert.Contains("1 meetings are scheduled", problem);
        }
        Assert.Equal(agenda, await AgendaAsync(forum, anna));

        // A session after the others, more tables and another request limit leave every place as it was.
        body = MeetingForum.Body(requestsPerPerson: 10);
        var third = TestStack.Start.AddDays(30).AddHours(27);
        body["meetings"]!["sessions"]!.AsArray().Add(new JsonObject { ["startsAt"] = third.ToString("o"), ["endsAt"] = third.AddHours(1).ToString("o") });
        body["meetings"]!["tables"] = 5;
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", body)).StatusCode);
        Assert.Equal(agenda, await AgendaAsync(forum, anna));
        Assert.Contains(requestId, agenda);
    }

    [Fact]
    public async Task A_cancelled_event_schedules_no_meetings_and_says_it_is_cancelled()
    {
        await using var own = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(own);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var agreed = await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();
        // Cancelled before the run's emails went out: they are not sent, and the cancellation takes the meeting
        // out of the calendar beside the event.
        Assert.Equal(HttpStatusCode.OK, (await own.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/cancel", null)).StatusCode);
        await own.DeliverEmailsAsync();
        var toBen = await own.EmailsToAsync(benEmail);
        Assert.DoesNotContain(toBen, e => e.Request.GetProperty("subject").GetString()!.Contains("have changed", StringComparison.Ordinal));
        var cancellation = Assert.Single(toBen, e => e.Request.GetProperty("subject").GetString()!.StartsWith("Cancelled", StringComparison.Ordinal)).Request;
        Assert.Contains($"UID:{agreed}@clusterscord-meetings", Mail.Attached(cancellation, "meeting-cancelled.ics"));
        var before = toBen.Count;

        using var run = await own.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null);
        using var agenda = await forum.Send(anna, HttpMethod.Get, "/agenda");

        Assert.Equal(HttpStatusCode.Conflict, run.StatusCode);
        Assert.Contains("cancelled", await run.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, agenda.StatusCode);
        Assert.Contains("cancelled", await agenda.Content.ReadAsStringAsync());
        await own.DeliverEmailsAsync();
        Assert.Equal(before, (await own.EmailsToAsync(benEmail)).Count);
    }

    [Fact]
    public async Task The_meeting_sessions_cannot_change_while_a_scheduler_run_holds_the_event()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var store = stack.Services.GetRequiredService<Domain.Meetings.IMeetingStore>();
        var now = stack.Time.GetUtcNow();
        // What a run under way holds (on this or another instance) while it publishes on the current grid.
        var run = await store.ClaimScheduleRunAsync(forum.EventId, now, now.AddMinutes(5), CancellationToken.None);
        Assert.NotNull(run);
        var body = MeetingForum.Body();
        body["meetings"]!["slotMinutes"] = 30;

        using (var refused = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", body))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("scheduler run is under way", await refused.Content.ReadAsStringAsync());
        }
        // A change that keeps the grid does not wait for the run.
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", MeetingForum.Body(requestsPerPerson: 12))).StatusCode);
        await store.ReleaseScheduleRunAsync(forum.EventId, run.Value, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{forum.EventId}", body)).StatusCode);
    }

    private async Task<string> AgendaAsync(MeetingForum forum, MeetingForum.Participant who)
    {
        using var agenda = await forum.Send(who, HttpMethod.Get, "/agenda");
        Assert.Equal(HttpStatusCode.OK, agenda.StatusCode);
        return await agenda.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_run_during_the_forum_places_nothing_in_slots_that_have_begun_and_leaves_those_placed_there()
    {
        await using var own = await TestStack.StartOwnAsync();
        var forum = await MeetingForum.CreateAsync(own);
        // Anna and Ben meet in the first session only; Carl and Dana could meet in either.
        var (anna, _) = await forum.JoinAsync("Anna", sessions: [0]);
        var (ben, _) = await forum.JoinAsync("Ben", sessions: [0]);
        var (carl, _) = await forum.JoinAsync("Carl");
        var (dana, _) = await forum.JoinAsync("Dana");
        var early = await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();
        var placedEarly = (await MeetingsAsync(own, forum)).Single(m => m.GetProperty("requestId").GetString() == early);

        // Ten minutes before the first session ends, every one of its slots has begun: Carl and Dana agree on a meeting.
        own.Time.SetUtcNow(TestStack.Start.AddDays(30).AddHours(2).AddMinutes(50));
        Assert.True(placedEarly.GetProperty("startsAt").GetDateTimeOffset() < own.Time.GetUtcNow());
        var late = await forum.AcceptedAsync(carl, dana);
        var run = await own.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var meetings = await MeetingsAsync(own, forum);
        var report = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("scheduled").GetInt32());
        Assert.True(report.GetProperty("upperBound").GetInt32() >= 2, report.GetRawText());
        var kept = meetings.Single(m => m.GetProperty("requestId").GetString() == early);
        Assert.Equal(placedEarly.GetProperty("startsAt").GetString(), kept.GetProperty("startsAt").GetString());
        Assert.Equal(placedEarly.GetProperty("table").GetInt32(), kept.GetProperty("table").GetInt32());
        var placedLate = meetings.Single(m => m.GetProperty("requestId").GetString() == late);
        Assert.True(placedLate.GetProperty("startsAt").GetDateTimeOffset() >= own.Time.GetUtcNow(), placedLate.ToString());
    }

    private static async Task<List<JsonElement>> MeetingsAsync(TestStack on, MeetingForum forum)
        => (await on.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_profile_without_a_cluster_takes_the_registrations_only_while_it_is_in_the_catalogue()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var staying = await Catalogue.Clusters.ApprovedAsync(stack, Catalogue.Clusters.Profile("Meeting Staying Cluster"));
        var leaving = await Catalogue.Clusters.ApprovedAsync(stack, Catalogue.Clusters.Profile("Meeting Leaving Cluster"));
        var pending = await Catalogue.Clusters.SubmitAsync(stack, Catalogue.Clusters.Profile("Meeting Pending Cluster"));
        Assert.Equal(HttpStatusCode.NoContent, (await Catalogue.Clusters.SendAsync(stack, HttpMethod.Delete, $"/api/clusters/{leaving.Id}/profile", leaving.Token)).StatusCode);

        foreach (var (cluster, shown) in new[] { (staying.Id, (string?)staying.Id), (leaving.Id, null), (pending.Id, null) })
        {
            var person = Api.Person($"m{Guid.NewGuid():N}@example.org", "Clustered", "en");
            person["clusterId"] = cluster;
            var registration = await stack.RegisteredAsync(forum.EventId, person);
            var profile = new JsonObject { ["offers"] = new JsonArray("market access"), ["needs"] = new JsonArray(), ["sessions"] = new JsonArray(0) };

            var response = await stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, registration, "/meeting-profile", profile));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(shown, saved.TryGetProperty("clusterId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);
        }
    }

    [Fact]
    public async Task A_cluster_withdrawn_after_a_profile_named_it_is_no_longer_shown_to_others()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var cluster = await Catalogue.Clusters.ApprovedAsync(stack, Catalogue.Clusters.Profile("Meeting Later Withdrawn Cluster"));
        var (anna, _) = await forum.JoinAsync("Anna", clusterId: cluster.Id);
        var (ben, _) = await forum.JoinAsync("Ben");
        var requestId = await forum.AcceptedAsync(anna, ben);
        Assert.Equal(cluster.Id, await AnnasClusterAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await Catalogue.Clusters.SendAsync(stack, HttpMethod.Delete, $"/api/clusters/{cluster.Id}/profile", cluster.Token)).StatusCode);

        // The catalogue's snapshot is checked against its version at most Catalogue:FreshnessBound after a change.
        await Eventually.TrueAsync(async () => await AnnasClusterAsync() is null, "the withdrawn cluster leaves Anna's entry in the participants list");
        var requests = await (await forum.Send(ben, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>();
        var with = requests.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == requestId).GetProperty("with");
        Assert.True(!with.TryGetProperty("clusterId", out var shown) || shown.ValueKind == JsonValueKind.Null, with.ToString());

        async Task<string?> AnnasClusterAsync()
        {
            var list = await (await forum.Send(ben, HttpMethod.Get, "/meeting-participants")).Content.ReadFromJsonAsync<JsonElement>();
            var entry = list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("participantId").GetString() == anna.ParticipantId);
            return entry.TryGetProperty("clusterId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
    }

    private static string NewEmail() => $"m{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task Participants_request_accept_and_get_their_meeting_on_the_agenda_and_in_the_calendar()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, annaEmail) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben", language: "de");
        var (cyril, _) = await forum.JoinAsync("Cyril");
        var other = await MeetingForum.CreateAsync(stack);
        var (dora, _) = await other.JoinAsync("Dora");

        // The participants list: the others of this event only, never an address or a registration id.
        var list = await forum.Send(anna, HttpMethod.Get, "/meeting-participants");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var text = await list.Content.ReadAsStringAsync();
        var names = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["Ben Nováková", "Cyril Nováková"], names.Order());
        Assert.DoesNotContain("Dora", text);
        Assert.DoesNotContain("@", text);
        Assert.DoesNotContain(Api.ManageLink(ben.Registration).Id, text);
        var doraSees = await (await other.Send(dora, HttpMethod.Get, "/meeting-participants")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(doraSees.GetProperty("items").EnumerateArray());

        // A request to oneself or to someone of another event is refused; twice to the same person too.
        Assert.Equal(HttpStatusCode.BadRequest, (await forum.RequestAsync(anna, anna.ParticipantId)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await forum.RequestAsync(anna, dora.ParticipantId)).StatusCode);
        var created = await forum.RequestAsync(anna, ben.ParticipantId, "Let us talk about <b>cross-border</b> pilots.");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var requestId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await forum.RequestAsync(anna, ben.ParticipantId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await forum.RequestAsync(ben, anna.ParticipantId)).StatusCode);

        // Ben was told, in German, who asks and what she wrote (as text, never markup), with the link to the
        // meetings section of his manage page, and no calendar file of the event (he has it since his confirmation).
        var (request, person) = Assert.Single(await stack.EmailsToAsync(benEmail), e => e.Request.GetProperty("subject").GetString()!.StartsWith("Gesprächsanfrage", StringComparison.Ordinal));
        var asked = Mail.Filled(request, person);
        Assert.Contains("section=meetings", asked.Text);
        Assert.Contains("Teilnehmende Person: Anna Nováková", asked.Text);
        Assert.Contains("> Let us talk about <b>cross-border</b> pilots.", asked.Text);
        Assert.Contains("Let us talk about &lt;b&gt;cross-border&lt;/b&gt; pilots.", asked.Html);
        Assert.False(request.TryGetProperty("attachments", out _));

        // Only the invited side accepts: the sender is refused (403) and nothing changes.
        Assert.Equal(HttpStatusCode.Forbidden, (await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{requestId}/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await forum.Send(cyril, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/decline")).StatusCode);
        var (acceptedEmail, annaPerson) = Assert.Single(await stack.EmailsToAsync(annaEmail), e => e.Request.GetProperty("subject").GetString()!.Contains("was accepted", StringComparison.Ordinal));
        Assert.Contains("Participant: Ben Nováková", Mail.Filled(acceptedEmail, annaPerson).Text);

        // Cyril asks Anna, who declines.
        var cyrils = await (await forum.RequestAsync(cyril, anna.ParticipantId)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{cyrils.GetProperty("requestId").GetString()}/decline")).StatusCode);

        var mine = await (await forum.Send(anna, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>();
        var states = mine.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("direction").GetString()!, i => i.GetProperty("state").GetString());
        Assert.Equal("accepted", states["sent"]);
        Assert.Equal("declined", states["received"]);

        // The organisers schedule: the one accepted meeting is placed, both agendas show it.
        var schedule = await stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null);
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        var report = await schedule.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("scheduled").GetInt32());
        Assert.Equal(1, report.GetProperty("upperBound").GetInt32());
        var meetings = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        var meeting = Assert.Single(meetings.GetProperty("items").EnumerateArray());
        Assert.Equal(requestId, meeting.GetProperty("requestId").GetString());
        Assert.Equal(new[] { anna.ParticipantId, ben.ParticipantId }.Order(), meeting.GetProperty("participants").EnumerateArray().Select(p => p.GetString()!).Order());
        Assert.True(meeting.GetProperty("table").GetInt32() >= 1);
        // The schedule's email lists Ben's agenda (day, time, table, Anna) and carries it as meetings.ics.
        var (changed, benPerson) = Assert.Single(await stack.EmailsToAsync(benEmail), e => e.Request.GetProperty("subject").GetString()!.Contains("Ihre Gespräche", StringComparison.Ordinal));
        var changedText = Mail.Filled(changed, benPerson).Text;
        Assert.Contains($"Tisch {meeting.GetProperty("table").GetInt32()}: Anna Nováková", changedText);
        Assert.Contains(meeting.GetProperty("startsAt").GetDateTimeOffset().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "–", changedText);
        var attachedCalendar = Assert.Single(Mail.Attachments(changed), a => a.Key == "meetings.ics").Value;
        Assert.Single(Mail.Attachments(changed));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(attachedCalendar, "BEGIN:VEVENT"));
        Assert.Contains($"{requestId}@clusterscord-meetings", attachedCalendar);

        var agenda = await (await forum.Send(anna, HttpMethod.Get, "/agenda")).Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(agenda.GetProperty("items").EnumerateArray());
        Assert.Equal("Ben Nováková", item.GetProperty("with").GetProperty("name").GetString());
        Assert.Equal(meeting.GetProperty("startsAt").GetDateTimeOffset(), item.GetProperty("startsAt").GetDateTimeOffset());
        var ics = await forum.Send(ben, HttpMethod.Get, "/agenda.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var calendar = await ics.Content.ReadAsStringAsync();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(calendar, "BEGIN:VEVENT"));
        Assert.Contains("Anna Nováková", calendar);
        Assert.Contains($"Tisch {meeting.GetProperty("table").GetInt32()}", calendar);

        // A second run keeps the published meeting where it is and tells nobody anything new.
        var again = await (await stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, again.GetProperty("scheduled").GetInt32());
        Assert.Equal(0, again.GetProperty("notified").GetInt32());
        var after = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        Assert.Equal(meeting.GetRawText(), Assert.Single(after.GetProperty("items").EnumerateArray()).GetRawText());

        // Withdrawn, the meeting leaves the schedule at once, and Anna is told at once with her agenda as it now stands.
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw")).StatusCode);
        Assert.Empty((await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings")).GetProperty("items").EnumerateArray());
        Assert.Empty((await (await forum.Send(anna, HttpMethod.Get, "/agenda")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        var (withdrawn, annaAgain) = Assert.Single(await stack.EmailsToAsync(annaEmail), e => e.Request.GetProperty("subject").GetString()!.Contains("withdrawn", StringComparison.Ordinal));
        var withdrawnText = Mail.Filled(withdrawn, annaAgain).Text;
        Assert.Contains("Participant: Ben Nováková", withdrawnText);
        Assert.Contains("No meeting is scheduled for you at the moment.", withdrawnText);
        // Ben, who withdrew, is told too (in German): the meeting leaves his own calendar as well.
        var toBen = Assert.Single(await stack.EmailsToAsync(benEmail), e => e.Request.GetProperty("subject").GetString()!.Contains("zurückgezogen", StringComparison.Ordinal));
        Assert.Contains($"UID:{requestId}@clusterscord-meetings", Mail.Attached(toBen.Request, Domain.Meetings.MeetingCalendar.CancelFileName));
    }

    [Fact]
    public async Task The_request_limit_holds_even_when_requests_are_sent_at_once()
    {
        var forum = await MeetingForum.CreateAsync(stack, requestsPerPerson: 2);
        var (anna, _) = await forum.JoinAsync("Anna");
        var others = new List<MeetingForum.Participant>();
        for (var i = 0; i < 5; i++)
        {
            others.Add((await forum.JoinAsync("P" + i)).Participant);
        }

        var answers = await Task.WhenAll(others.Select(o => forum.RequestAsync(anna, o.ParticipantId)));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var mine = await (await forum.Send(anna, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, mine.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Answers_at_the_same_moment_leave_each_request_in_exactly_one_state()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var people = new List<MeetingForum.Participant>();
        for (var i = 0; i < 6; i++)
        {
            people.Add((await forum.JoinAsync("P" + i)).Participant);
        }
        // Twice to the same person at once: one request only.
        var twice = await Task.WhenAll(forum.RequestAsync(anna, people[0].ParticipantId), forum.RequestAsync(anna, people[0].ParticipantId));
        Assert.Single(twice, a => a.StatusCode == HttpStatusCode.Created);

        var ids = new List<string>();
        foreach (var person in people.Skip(1))
        {
            var created = await forum.RequestAsync(anna, person.ParticipantId);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!);
        }
        // The invited accepts and declines at once while the sender withdraws: per request, one answer of
        // the invited wins, and the withdrawal (allowed from open and accepted) ends every one.
        var races = ids.Select((id, i) => (id, person: people[i + 1])).Select(async x =>
        {
            var answers = await Task.WhenAll(
                forum.Send(x.person, HttpMethod.Post, $"/meeting-requests/{x.id}/accept"),
                forum.Send(x.person, HttpMethod.Post, $"/meeting-requests/{x.id}/decline"));
            return answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        });
        Assert.All(await Task.WhenAll(races), wins => Assert.Equal(1, wins));

        var schedule = stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null);
        var withdrawals = await Task.WhenAll(ids.Select(id => forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{id}/withdraw")));
        await schedule;
        var mine = await (await forum.Send(anna, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>();
        foreach (var (id, withdrawal) in ids.Zip(withdrawals))
        {
            var state = mine.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("requestId").GetString() == id).GetProperty("state").GetString();
            Assert.Equal(withdrawal.StatusCode == HttpStatusCode.OK ? "withdrawn" : "declined", state);
        }
        // Whatever the scheduler saw, nothing withdrawn stays scheduled.
        var meetings = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        Assert.Empty(meetings.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Only_confirmed_registrants_of_an_event_with_meetings_take_part_and_bad_profiles_change_nothing()
    {
        var plain = await stack.CreateEventAsync();
        var registered = await stack.RegisteredAsync(plain, Api.Person(NewEmail()));
        var noMeetings = await stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, registered, "/meeting-profile", new JsonObject { ["sessions"] = new JsonArray(0) }));
        Assert.Equal(HttpStatusCode.Conflict, noMeetings.StatusCode);

        var forum = await MeetingForum.CreateAsync(stack);
        var person = await stack.RegisteredAsync(forum.EventId, Api.Person(NewEmail()));
        var bad = await stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, person, "/meeting-profile",
            new JsonObject { ["sessions"] = new JsonArray(0, 7), ["offers"] = new JsonArray(new string('x', 81)) }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sessions", out _));
        Assert.True(errors.TryGetProperty("offers[0]", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await stack.Client.SendAsync(Api.ManageRequest(HttpMethod.Get, person, "/meeting-profile"))).StatusCode);

        var wrongToken = Api.ManageRequest(HttpMethod.Get, person, "/meeting-participants");
        wrongToken.Headers.Remove("X-Manage-Token");
        wrongToken.Headers.Add("X-Manage-Token", "nope");
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.SendAsync(wrongToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(person)).StatusCode);
        var cancelled = await stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, person, "/meeting-profile", new JsonObject { ["sessions"] = new JsonArray(0) }));
        Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_registrations_requests_end_and_are_never_scheduled()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        var created = await (await forum.RequestAsync(anna, ben.ParticipantId)).Content.ReadFromJsonAsync<JsonElement>();
        var requestId = created.GetProperty("requestId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(ben, HttpMethod.Post, $"/meeting-requests/{requestId}/accept")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(ben.Registration)).StatusCode);

        var mine = await (await forum.Send(anna, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ended", Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("state").GetString());
        var participants = await (await forum.Send(anna, HttpMethod.Get, "/meeting-participants")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(participants.GetProperty("items").EnumerateArray());
        var report = await (await stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, report.GetProperty("scheduled").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{requestId}/withdraw")).StatusCode);
    }

    [Fact]
    public async Task The_event_setting_is_validated_and_shown_in_both_views()
    {
        var body = MeetingForum.Body(requestsPerPerson: 30);
        body["meetings"]!["slotMinutes"] = 3;
        body["meetings"]!["tables"] = 501;
        body["meetings"]!["sessions"]!.AsArray().Add(new JsonObject
        {
            ["startsAt"] = TestStack.Start.AddDays(30).AddHours(1.5).ToString("o"),
            ["endsAt"] = TestStack.Start.AddDays(90).ToString("o"),
        });
        var refused = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/forum-{Guid.NewGuid():N}"[..30], body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("meetings.slotMinutes", out _));
        Assert.True(errors.TryGetProperty("meetings.tables", out _));
        Assert.True(errors.TryGetProperty("meetings.sessions[2]", out _));

        var forum = await MeetingForum.CreateAsync(stack);
        var shown = await stack.EventAsync(forum.EventId);
        Assert.Equal(20, shown.GetProperty("meetings").GetProperty("slotMinutes").GetInt32());
        Assert.Equal(2, shown.GetProperty("meetings").GetProperty("sessions").GetArrayLength());
        var managed = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}");
        Assert.Equal(3, managed.GetProperty("meetings").GetProperty("tables").GetInt32());
    }

    [Fact]
    public async Task A_scheduler_run_during_withdrawals_never_double_books_and_a_rerun_places_the_rest()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var people = new List<MeetingForum.Participant>();
        for (var i = 0; i < 6; i++)
        {
            people.Add((await forum.JoinAsync("P" + i)).Participant);
        }
        var requests = new List<(string Id, MeetingForum.Participant From)>();
        for (var i = 0; i < people.Count; i++)
        {
            for (var j = i + 1; j < people.Count; j++)
            {
                requests.Add((await forum.AcceptedAsync(people[i], people[j]), people[i]));
            }
        }
        var withdrawing = requests.Where((_, i) => i % 3 == 0).ToArray();
        var withdrawn = withdrawing.Select(r => r.Id).ToHashSet();

        var run = stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null);
        var answers = await Task.WhenAll(withdrawing.Select(r => forum.Send(r.From, HttpMethod.Post, $"/meeting-requests/{r.Id}/withdraw")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.True((await run).StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict);
        AssertNoDoubleBooking(await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings"), withdrawn);

        var again = await (await stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null)).Content.ReadFromJsonAsync<JsonElement>();
        var meetings = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings");
        AssertNoDoubleBooking(meetings, withdrawn);
        Assert.Equal(requests.Count - withdrawn.Count, meetings.GetProperty("items").GetArrayLength());
        Assert.Equal(requests.Count - withdrawn.Count, again.GetProperty("scheduled").GetInt32());
    }

    /// <summary>Checked here, not by the scheduler: nobody twice at one time, one meeting per table and time, nothing withdrawn.</summary>
    private static void AssertNoDoubleBooking(JsonElement meetings, IReadOnlySet<string> withdrawn)
    {
        var items = meetings.GetProperty("items").EnumerateArray().ToArray();
        Assert.DoesNotContain(items, m => withdrawn.Contains(m.GetProperty("requestId").GetString()!));
        var seats = items.Select(m => (m.GetProperty("startsAt").GetDateTimeOffset(), m.GetProperty("table").GetInt32())).ToArray();
        Assert.Equal(seats.Length, seats.Distinct().Count());
        var busy = items.SelectMany(m => m.GetProperty("participants").EnumerateArray().Select(p => (m.GetProperty("startsAt").GetDateTimeOffset(), p.GetString()))).ToArray();
        Assert.Equal(busy.Length, busy.Distinct().Count());
    }
}
