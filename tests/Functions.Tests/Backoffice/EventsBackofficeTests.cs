using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Backoffice;

/// <summary>The back-office's events: drafts, the managed list, change notices, cancellation, the calendar's SEQUENCE.</summary>
public sealed class EventsBackofficeTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"p{Guid.NewGuid():N}@example.org";

    private static string Calendar(JsonElement request) => Mail.Attached(request, Domain.Calendar.EventCalendar.FileName)!;

    private static JsonObject Draft(DateTimeOffset? startsAt = null)
    {
        var body = Api.Forum(startsAt: startsAt);
        body["status"] = "draft";
        return body;
    }

    private async Task<JsonElement> ManagedAsync(string eventId)
        => await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}");

    [Fact]
    public async Task A_draft_is_hidden_from_the_public_and_takes_no_registration_until_published()
    {
        var id = await stack.CreateEventAsync(Draft());

        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetAsync($"/api/events/{id}")).StatusCode);
        var programme = await stack.Client.GetFromJsonAsync<JsonElement>("/api/events");
        Assert.DoesNotContain(id, programme.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await stack.RegisterAsync(id, Api.Person(NewEmail()))).StatusCode);
        var managed = await ManagedAsync(id);
        Assert.Equal("draft", managed.GetProperty("status").GetString());
        Assert.Equal("Austauschforum Linz", managed.GetProperty("title").GetProperty("de").GetString());

        var published = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum());

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await stack.EventAsync(id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, (await stack.RegisterAsync(id, Api.Person(NewEmail()))).StatusCode);
    }

    [Fact]
    public async Task A_status_other_than_draft_or_published_is_refused()
    {
        var body = Api.Forum();
        body["status"] = "cancelled";

        var response = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/forum-{Guid.NewGuid():N}"[..40], body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task The_managed_list_has_drafts_and_counts_upcoming_first_then_past_latest_first()
    {
        var later = await stack.CreateEventAsync(Draft(TestStack.Start.AddDays(400)));
        var sooner = await stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(300)));
        var pastOld = await stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(-300)));
        var pastRecent = await stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(-100)));
        await stack.RegisteredAsync(sooner, Api.Person(NewEmail()));

        var list = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/events");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        var ids = items.Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(sooner) < ids.IndexOf(later), "upcoming soonest first");
        Assert.True(ids.IndexOf(later) < ids.IndexOf(pastRecent), "upcoming before past");
        Assert.True(ids.IndexOf(pastRecent) < ids.IndexOf(pastOld), "past latest first");
        var soonerItem = items.Single(e => e.GetProperty("id").GetString() == sooner);
        Assert.Equal(1, soonerItem.GetProperty("confirmed").GetInt32());
        Assert.Equal(0, soonerItem.GetProperty("checkedIn").GetInt32());
        Assert.Equal("draft", items.Single(e => e.GetProperty("id").GetString() == later).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.GetAsync("/api/manage/events/no-such-event")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Client.GetAsync("/api/manage/events")).StatusCode);
    }

    [Fact]
    public async Task Moving_the_venue_tells_every_active_registrant_in_their_language_with_a_raised_sequence()
    {
        var id = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var confirmed = NewEmail();
        var waiting = NewEmail();
        var cancelled = NewEmail();
        var first = await stack.RegisteredAsync(id, Api.Person(confirmed, language: "de"));
        await stack.RegisteredAsync(id, Api.Person(waiting));
        var gone = await stack.RegisteredAsync(id, Api.Person(cancelled));
        await stack.Client.CancelRegistrationAsync(gone);
        var sameAgain = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum(capacity: 1));
        Assert.Equal(0, (await ManagedAsync(id)).GetProperty("sequence").GetInt32());

        var moved = Api.Forum(capacity: 1);
        moved["venue"] = "Design Center Linz";
        var response = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", moved);

        Assert.Equal(HttpStatusCode.OK, sameAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32());
        var german = (await stack.EmailsToAsync(confirmed)).Where(e => e.Request.GetProperty("subject").GetString()!.Contains("Ort")).ToList();
        var (request, personalization) = Assert.Single(german);
        Assert.Contains("Design Center Linz", Mail.Filled(request, personalization).Text);
        var ics = Calendar(request);
        Assert.Contains("SEQUENCE:1", ics);
        Assert.Contains($"UID:{id}@clusterscord", ics);
        Assert.Contains("Design Center Linz", ics);
        Assert.Single(await stack.EmailsToAsync(waiting), e => e.Request.GetProperty("subject").GetString()!.StartsWith("Changed time or place"));
        Assert.DoesNotContain(await stack.EmailsToAsync(cancelled), e => e.Request.GetProperty("subject").GetString()!.StartsWith("Changed"));
        var calendarFile = await (await stack.Client.GetCalendarAsync(first)).Content.ReadAsStringAsync();
        Assert.Contains("SEQUENCE:1", calendarFile);
    }

    [Fact]
    public async Task A_notice_to_150_registrants_is_stored_in_batches_and_each_gets_exactly_one()
    {
        var id = await stack.CreateEventAsync(Api.Forum(capacity: 200));
        // 150 change notices gathered into one delivery queue message must fit its 64 KiB.
        var emails = Enumerable.Range(0, 150).Select(_ => NewEmail()).ToArray();
        foreach (var chunk in emails.Chunk(10))
        {
            await Task.WhenAll(chunk.Select(e => stack.RegisteredAsync(id, Api.Person(e))));
        }
        var moved = Api.Forum(capacity: 200, startsAt: TestStack.Start.AddDays(31));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", moved);
        started.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"The PUT took {started.Elapsed}.");
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt32());
        var notices = (await stack.OutboxRequestsAsync())
            .Where(r => r.GetProperty("subject").GetString()!.StartsWith("Changed time or place"))
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString())
            .Where(e => emails.Contains(e))
            .ToList();
        Assert.Equal(150, notices.Count);
        Assert.Equal(150, notices.Distinct().Count());
    }

    [Fact]
    public async Task Cancelling_tells_each_active_registrant_once_and_keeps_the_event_shown_as_cancelled()
    {
        var id = await stack.CreateEventAsync();
        var person = NewEmail();
        var registration = await stack.RegisteredAsync(id, Api.Person(person, language: "cs"));

        var cancelled = await stack.Organiser.PostAsync($"/api/manage/events/{id}/cancel", null);
        var again = await stack.Organiser.PostAsync($"/api/manage/events/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var view = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.Equal(1, view.GetProperty("sequence").GetInt32());
        var notices = (await stack.EmailsToAsync(person)).Where(e => e.Request.GetProperty("subject").GetString()!.StartsWith("Zrušeno")).ToList();
        var (request, _) = Assert.Single(notices);
        var ics = Calendar(request);
        Assert.Contains("METHOD:CANCEL", ics);
        Assert.Contains("STATUS:CANCELLED", ics);
        Assert.Contains("SEQUENCE:1", ics);
        // Named by the address the email comes from, as RFC 5546 asks of a CANCEL.
        var from = request.GetProperty("from");
        Assert.Contains($"ORGANIZER;CN={from.GetProperty("name").GetString()}:mailto:{from.GetProperty("email").GetString()}\r\n", ics);
        var shown = await stack.EventAsync(id);
        Assert.Equal("cancelled", shown.GetProperty("status").GetString());
        Assert.False(shown.GetProperty("registration").GetProperty("isOpen").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await stack.RegisterAsync(id, Api.Person(NewEmail()))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum())).StatusCode);
        Assert.Contains("STATUS:CANCELLED", await (await stack.Client.GetCalendarAsync(registration)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.PostAsync("/api/manage/events/no-such-event/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_registration_cancelled_by_the_organiser_or_the_registrant_gets_its_cancellation_email()
    {
        var id = await stack.CreateEventAsync();
        var byOrganiser = NewEmail();
        var byThemselves = NewEmail();
        var first = await stack.RegisteredAsync(id, Api.Person(byOrganiser, language: "de"));
        var second = await stack.RegisteredAsync(id, Api.Person(byThemselves));

        var deleted = await stack.Organiser.DeleteAsync($"/api/manage/events/{id}/registrations/{Api.ManageLink(first).Id}");
        await stack.Client.CancelRegistrationAsync(second);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var (german, _) = Assert.Single(await stack.EmailsToAsync(byOrganiser), e => e.Request.GetProperty("subject").GetString()!.Contains("storniert"));
        Assert.Contains("STATUS:CANCELLED", Calendar(german));
        var (english, _) = Assert.Single(await stack.EmailsToAsync(byThemselves), e => e.Request.GetProperty("subject").GetString()!.EndsWith("is cancelled"));
        Assert.Contains("METHOD:CANCEL", Calendar(english));
        Assert.Contains("STATUS:CANCELLED", await (await stack.Client.GetCalendarAsync(second)).Content.ReadAsStringAsync());
    }
}
