using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Backoffice;

/// <summary>At the door: finding people, check-in per day, by QR code, walk-ins, and the organisers' counts.</summary>
public sealed class DoorTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"d{Guid.NewGuid():N}@example.org";

    /// <summary>A forum over three days in Vienna's zone: 10, 11 and 12 February 2027 (the shared clock is in January).</summary>
    private static JsonObject ThreeDays(int capacity = 50)
    {
        var forum = Api.Forum(capacity, new DateTimeOffset(2027, 2, 10, 8, 0, 0, TimeSpan.Zero));
        forum["endsAt"] = new DateTimeOffset(2027, 2, 12, 15, 0, 0, TimeSpan.Zero).ToString("o");
        return forum;
    }

    private string CheckInUrl(string eventId, JsonElement registration, string query = "")
        => $"/api/manage/events/{eventId}/registrations/{registration.GetProperty("id").GetString()}/check-in{query}";

    private static string[] Days(JsonElement record) => record.GetProperty("checkedInDays").EnumerateArray().Select(d => d.GetString()!).ToArray();

    [Fact]
    public async Task A_multi_day_event_is_checked_in_per_day_idempotently_and_a_mistake_is_undone()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays());
        var person = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));

        var second = await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, person), new { day = "2027-02-11" });
        var again = await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, person), new { day = "2027-02-11" });
        // No day before the event: its first day.
        var byDefault = await stack.Organiser.PostAsync(CheckInUrl(eventId, person), null);
        var outside = await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, person), new { day = "2027-02-13" });
        var notADate = await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, person), new { day = "11.2.2027" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var first = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2027-02-11"], Days(first));
        var checkedInAt = first.GetProperty("checkedInAt").GetDateTimeOffset();
        Assert.Equal(["2027-02-11"], Days(await again.Content.ReadFromJsonAsync<JsonElement>()));
        var both = await byDefault.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2027-02-10", "2027-02-11"], Days(both));
        Assert.Equal(checkedInAt, both.GetProperty("checkedInAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.True((await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("day", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notADate.StatusCode);

        var undone = await stack.Organiser.DeleteAsync(CheckInUrl(eventId, person, "?day=2027-02-11"));
        Assert.Equal(["2027-02-10"], Days(await undone.Content.ReadFromJsonAsync<JsonElement>()));
        var none = await (await stack.Organiser.DeleteAsync(CheckInUrl(eventId, person, "?day=2027-02-10"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(Days(none));
        Assert.Equal(JsonValueKind.Null, none.GetProperty("checkedInAt").ValueKind);
        var listed = Assert.Single(await stack.AllRegistrationsAsync(eventId));
        Assert.Empty(Days(listed));
    }

    [Fact]
    public async Task Only_confirmed_people_check_in_and_other_events_registrations_are_not_found()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays(capacity: 1));
        var other = await stack.CreateEventAsync(ThreeDays());
        await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var waiting = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var elsewhere = await stack.RegisteredAsync(other, Api.Person(NewEmail()));

        var refused = await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, waiting), new { day = "2027-02-10" });
        var wrongEvent = await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, elsewhere), new { day = "2027-02-10" });
        var anonymous = await stack.Client.DeleteAsync(CheckInUrl(eventId, waiting, "?day=2027-02-10"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongEvent.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_confirmation_carries_an_inline_QR_code_that_checks_in_and_is_not_the_manage_token()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays(capacity: 1));
        var email = NewEmail();
        var person = await stack.RegisteredAsync(eventId, Api.Person(email));
        var waitingEmail = NewEmail();
        var waiting = await stack.RegisteredAsync(eventId, Api.Person(waitingEmail));

        var (request, personalization) = Assert.Single(await stack.EmailsToAsync(email));
        var qr = request.GetProperty("attachments").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "image/png");
        Assert.Equal("inline", qr.GetProperty("disposition").GetString());
        Assert.Equal("checkin-qr", qr.GetProperty("content_id").GetString());
        var png = Convert.FromBase64String(qr.GetProperty("content").GetString()!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var filled = Mail.Filled(request, personalization);
        Assert.Contains("src=\"cid:checkin-qr\"", filled.Html);
        var code = System.Text.RegularExpressions.Regex.Match(filled.Text, @"CC1\.[a-z0-9.\-]+").Value;
        Assert.StartsWith("CC1." + person.GetProperty("id").GetString() + ".", code);
        Assert.Contains(code, filled.Html);
        Assert.DoesNotContain(Api.ManageLink(person).Token, code);
        // The waiting list's email has no code: there is no seat to check in to yet.
        var (waitingRequest, _) = Assert.Single(await stack.EmailsToAsync(waitingEmail));
        Assert.DoesNotContain(waitingRequest.TryGetProperty("attachments", out var a) ? a.EnumerateArray().ToArray() : [],
            x => x.GetProperty("type").GetString() == "image/png");

        var typed = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/check-in", new { code = " " + code.ToUpperInvariant() + " ", day = "2027-02-12" });
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        var record = await typed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(person.GetProperty("id").GetString(), record.GetProperty("id").GetString());
        Assert.Equal(["2027-02-12"], Days(record));

        var tampered = code[..^1] + (code[^1] == 'a' ? 'b' : 'a');
        var forged = "CC1." + waiting.GetProperty("id").GetString() + "." + code[(code.LastIndexOf('.') + 1)..];
        var otherEvent = await stack.CreateEventAsync(ThreeDays());
        foreach (var (body, status) in new (object Body, HttpStatusCode Status)[]
        {
            (new { code = tampered }, HttpStatusCode.NotFound),
            (new { code = forged }, HttpStatusCode.NotFound),
            (new { code = Api.ManageLink(person).Token }, HttpStatusCode.NotFound),
            (new { code = "hello" }, HttpStatusCode.NotFound),
            (new { code = "" }, HttpStatusCode.BadRequest),
            (new { code = code, day = "2027-03-01" }, HttpStatusCode.BadRequest),
        })
        {
            var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/check-in", body);
            Assert.True(status == response.StatusCode, $"{JsonSerializer.Serialize(body)}: {response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{otherEvent}/check-in", new { code })).StatusCode);
    }

    [Fact]
    public async Task Promotion_from_the_waiting_list_brings_the_code_and_a_waiting_code_is_refused_until_then()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays(capacity: 1));
        var seated = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var email = NewEmail();
        await stack.RegisteredAsync(eventId, Api.Person(email));
        Assert.Single(await stack.EmailsToAsync(email));

        var cancelled = await stack.Organiser.DeleteAsync($"/api/manage/events/{eventId}/registrations/{seated.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        await Eventually.TrueAsync(async () => (await stack.EmailsToAsync(email)).Count == 2, "the promotion email");
        var promoted = (await stack.EmailsToAsync(email))[1];
        var filled = Mail.Filled(promoted.Request, promoted.Personalization);
        var code = System.Text.RegularExpressions.Regex.Match(filled.Text, @"CC1\.[a-z0-9.\-]+").Value;
        Assert.NotEmpty(code);
        var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/check-in", new { code });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Organisers_find_people_by_folded_text_filter_sort_and_page()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays(capacity: 3));
        var jana = Api.Person(NewEmail());
        jana["studyVisit"] = true;
        var jan = Api.Person(NewEmail(), firstName: "Jan");
        jan["lastName"] = "Müller";
        jan["organisation"] = "Cluster Łódź";
        jan["country"] = "PL";
        jan["sectors"] = new JsonArray("tourism");
        var ana = Api.Person(NewEmail(), firstName: "Ana");
        ana["lastName"] = "Ábelová";
        ana["organisation"] = "Zdraví klastr";
        var waiting = Api.Person(NewEmail(), firstName: "Zoe");
        waiting["lastName"] = "Zeller";
        var registered = new List<JsonElement>();
        foreach (var p in new[] { jana, jan, ana, waiting })
        {
            registered.Add(await stack.RegisteredAsync(eventId, p));
        }
        await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, registered[1]), new { day = "2027-02-11" });

        async Task<string[]> Names(string query)
        {
            var response = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, query + ": " + await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            return page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("firstName").GetString()!).ToArray();
        }

        Assert.Equal(["Jana"], await Names("q=novakova"));
        Assert.Equal(["Jan"], await Names("q=MULLER"));
        Assert.Equal(["Jan"], await Names("q=lodz"));
        Assert.Equal(["Ana"], await Names("q=zdravi%20ana"));
        Assert.Equal(["Jana"], await Names("q=" + Uri.EscapeDataString(jana["email"]!.GetValue<string>()[..12])));
        Assert.Equal(["Jana"], await Names("studyVisit=true"));
        Assert.Equal(["Jan"], await Names("country=pl"));
        Assert.Equal(["Jan"], await Names("sector=tourism"));
        Assert.Equal(["Zoe"], await Names("status=waitlisted"));
        Assert.Equal(["Jan"], await Names("checkedIn=true&day=2027-02-11"));
        Assert.Empty(await Names("checkedIn=true&day=2027-02-10"));
        Assert.Equal(["Ana", "Jan", "Jana", "Zoe"], await Names("sort=name"));
        Assert.Equal(["Zoe", "Jana", "Jan", "Ana"], await Names("sort=name&desc=true"));
        var byOrganisation = await Names("sort=organisation");
        Assert.Equal(("Jan", "Ana"), (byOrganisation[0], byOrganisation[^1]));

        var paged = new List<string>();
        string? token = null;
        do
        {
            var page = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/registrations?sort=name&pageSize=3"
                + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("firstName").GetString()!));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        Assert.Equal(["Ana", "Jan", "Jana", "Zoe"], paged);

        foreach (var bad in new[] { "sort=age", "studyVisit=yes", "checkedIn=1", "day=tomorrow", "country=XX", "sector=space", "status=maybe", "desc=up", "continuationToken=bm9wZQ" })
        {
            var response = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations?{bad}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, bad);
        }
    }

    [Fact]
    public async Task Walk_ins_hold_to_capacity_go_to_the_waiting_list_and_the_same_person_is_found_not_doubled()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays(capacity: 1));
        var first = Api.Person(NewEmail(), firstName: "Petr");
        first.Remove("consent");
        var second = Api.Person(NewEmail(), firstName: "Eva");

        var seated = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", first);
        var full = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", second);
        var again = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", first);
        var invalid = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", new { firstName = "X" });
        var anonymous = await stack.Client.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", first);
        var unknown = await stack.Organiser.PostAsJsonAsync("/api/manage/events/no-such-event/walk-ins", first);

        Assert.Equal(HttpStatusCode.Created, seated.StatusCode);
        var record = await seated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirmed", record.GetProperty("status").GetString());
        Assert.Equal("2026-11/door", record.GetProperty("consentTextVersion").GetString());
        // Location names the organiser's view of the new record; another event's path does not open it.
        var located = await stack.Organiser.GetAsync(seated.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, located.StatusCode);
        Assert.Equal(record.GetProperty("id").GetString(), (await located.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var elsewhere = await stack.Organiser.GetAsync($"/api/manage/events/other-{eventId}/registrations/{record.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Created, full.StatusCode);
        Assert.Equal("waitlisted", (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(record.GetProperty("id").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.False(errors.TryGetProperty("consent", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var seats = await stack.EventAsync(eventId);
        Assert.Equal((1, 1), (seats.GetProperty("confirmed").GetInt32(), seats.GetProperty("waitlisted").GetInt32()));
        // The usual confirmation, once, with its QR code; the repeat sends nothing.
        var (mail, _) = Assert.Single(await stack.EmailsToAsync(first["email"]!.GetValue<string>()));
        Assert.Contains(mail.GetProperty("attachments").EnumerateArray(), a => a.GetProperty("type").GetString() == "image/png");
    }

    [Fact]
    public async Task Nobody_walks_in_to_a_cancelled_event()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays());
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null)).StatusCode);

        var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", Api.Person(NewEmail()));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.EndsWith("/registration-closed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var seats = await stack.EventAsync(eventId);
        Assert.Equal((0, 0), (seats.GetProperty("confirmed").GetInt32(), seats.GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task A_walk_in_needs_no_invitation_code_for_an_invited_event()
    {
        var forum = ThreeDays();
        forum["audience"] = "invited";
        var eventId = await stack.CreateEventAsync(forum);

        var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/walk-ins", Api.Person(NewEmail()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_summary_counts_per_day_groups_dietary_requirements_and_shows_no_personal_text_of_the_anonymised()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays(capacity: 3));
        var people = new[] { ("Vegetarian", true, "CZ"), ("vegetarián ", false, "AT"), ("no nuts", false, "CZ"), ("vegan", false, "DE") };
        var registered = new List<JsonElement>();
        var emails = new List<string>();
        foreach (var (dietary, studyVisit, country) in people)
        {
            var p = Api.Person(NewEmail());
            p["dietaryRequirements"] = dietary;
            p["studyVisit"] = studyVisit;
            p["country"] = country;
            emails.Add(p["email"]!.GetValue<string>());
            registered.Add(await stack.RegisteredAsync(eventId, p));
        }
        await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, registered[0]), new { day = "2027-02-10" });
        await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, registered[0]), new { day = "2027-02-11" });
        await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, registered[1]), new { day = "2027-02-11" });
        // The third person asks to be forgotten: counted, their text gone.
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = emails[2] })).StatusCode);

        var summary = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/summary");

        Assert.Equal(4, summary.GetProperty("total").GetInt32());
        var byStatus = summary.GetProperty("byStatus");
        // The erased person's seat went to the one waiting.
        Assert.Equal((3, 0, 1), (byStatus.GetProperty("confirmed").GetInt32(), byStatus.GetProperty("waitlisted").GetInt32(), byStatus.GetProperty("cancelled").GetInt32()));
        Assert.Equal([("2027-02-10", 3, 1), ("2027-02-11", 3, 2), ("2027-02-12", 3, 0)],
            summary.GetProperty("days").EnumerateArray().Select(d => (d.GetProperty("day").GetString(), d.GetProperty("confirmed").GetInt32(), d.GetProperty("checkedIn").GetInt32())));
        Assert.Equal([("vegetarian", 2), ("vegan", 1)], summary.GetProperty("dietary").EnumerateArray().Select(d => (d.GetProperty("requirement").GetString(), d.GetProperty("count").GetInt32())));
        Assert.Equal(1, summary.GetProperty("studyVisit").GetInt32());
        Assert.Equal(1, summary.GetProperty("byCountry").GetProperty("CZ").GetInt32());
        Assert.Equal(1, summary.GetProperty("byCountry").GetProperty("DE").GetInt32());
        Assert.Equal(3, summary.GetProperty("bySector").GetProperty("ict").GetInt32());
        Assert.DoesNotContain("nuts", summary.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.GetAsync("/api/manage/events/no-such-event/summary")).StatusCode);
    }

    [Fact]
    public async Task A_registration_stored_before_check_in_per_day_reads_as_checked_in_on_its_day()
    {
        var eventId = await stack.CreateEventAsync(ThreeDays());
        var person = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var table = new TableServiceClient((await Azurite.GetAsync()).ConnectionString).GetTableClient(stack.NamePrefix + TableNames.Registrations);
        var id = person.GetProperty("id").GetString()!;
        var row = (await table.GetEntityAsync<TableEntity>(eventId, RegistrationKeys.Registration(id))).Value;
        row.Remove("CheckedInDays");
        row["CheckedInAt"] = new DateTimeOffset(2027, 2, 11, 7, 30, 0, TimeSpan.Zero);
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var listed = Assert.Single(await stack.AllRegistrationsAsync(eventId));
        Assert.Equal(["2027-02-11"], Days(listed));
        var more = await (await stack.Organiser.PostAsJsonAsync(CheckInUrl(eventId, person), new { day = "2027-02-12" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2027-02-11", "2027-02-12"], Days(more));
        Assert.Equal(new DateTimeOffset(2027, 2, 11, 7, 30, 0, TimeSpan.Zero), more.GetProperty("checkedInAt").GetDateTimeOffset());
    }
}
