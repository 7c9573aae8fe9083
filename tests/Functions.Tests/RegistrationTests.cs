using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

public sealed class RegistrationTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"p{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task Registering_confirms_a_seat_and_sends_one_confirmation_with_calendar_and_manage_link()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();

        var response = await stack.RegisterAsync(eventId, Api.Person(email, language: "cs"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registration = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirmed", registration.GetProperty("status").GetString());
        Assert.False(registration.TryGetProperty("waitlistPosition", out _));
        Assert.Equal($"/api/registrations/{registration.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        var (request, personalization) = Assert.Single(await stack.EmailsToAsync(email));
        Assert.Contains("Výměnné fórum Linec", request.GetProperty("subject").GetString());
        var manageUrl = registration.GetProperty("manageUrl").GetString()!;
        Assert.Equal(manageUrl, Mail.Value(personalization, "manageUrl"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(manageUrl), Mail.Filled(request, personalization).Html);
        var attachment = request.GetProperty("attachments")[0];
        Assert.Equal("text/calendar", attachment.GetProperty("type").GetString());
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
        Assert.Contains("TZID=Europe/Vienna", ics);
        var seats = await stack.EventAsync(eventId);
        Assert.Equal(1, seats.GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task The_same_person_again_gets_only_already_registered_and_the_link_by_email()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var first = await stack.RegisteredAsync(eventId, Api.Person(email));

        // Spaces, capitals and a full-width @ (NFKC) are the same address.
        var again = await stack.RegisterAsync(eventId, Api.Person("  " + email.ToUpperInvariant().Replace("@", "＠") + " "));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("""{"status":"alreadyRegistered"}""", await again.Content.ReadAsStringAsync());
        var emails = await stack.EmailsToAsync(email);
        Assert.Equal(2, emails.Count);
        Assert.Equal(first.GetProperty("manageUrl").GetString(), Mail.Value(emails[1].Personalization, "manageUrl"));
        Assert.Equal(1, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task Validation_reports_every_bad_field_at_once_and_stores_nothing()
    {
        var eventId = await stack.CreateEventAsync();

        var response = await stack.Client.PostAsJsonAsync($"/api/events/{eventId}/registrations", new JsonObject
        {
            ["firstName"] = "",
            ["email"] = "not-an-email",
            ["country"] = "Czechia",
            ["role"] = "boss",
            ["sectors"] = new JsonArray("mining"),
            ["language"] = "fr",
            ["consent"] = "yes",
            ["studyVisit"] = 1,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "firstName", "lastName", "email", "organisation", "country", "role", "sectors", "language", "consent", "studyVisit" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_in_an_otherwise_valid_form_stores_nothing()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var person = Api.Person(email);
        person["studyVisit"] = 1;

        var response = await stack.RegisterAsync(eventId, person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("studyVisit", out _));
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
        Assert.Empty(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task A_plain_html_form_post_is_answered_303_to_the_thank_you_page()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{eventId}/registrations")
        {
            Content = new FormUrlEncodedContent([
                new("firstName", "Luca"), new("lastName", "Bianchi"), new("email", email), new("organisation", "Lombardy Food Cluster"),
                new("country", "IT"), new("role", "clusterMember"), new("sectors", "food"), new("sectors", "tourism"),
                new("studyVisit", "on"), new("language", "it"), new("consent", "on"), new("website", ""),
            ]),
        };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var client = stack.NewClient(allowAutoRedirect: false);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{stack.BaseAddress}thank-you.html?status=confirmed", response.Headers.Location?.ToString());
        var stored = Assert.Single(await stack.AllRegistrationsAsync(eventId));
        Assert.Equal(["food", "tourism"], stored.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()));
        Assert.True(stored.GetProperty("studyVisit").GetBoolean());
        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task A_form_post_from_script_gets_json()
    {
        var eventId = await stack.CreateEventAsync();
        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations", new FormUrlEncodedContent([
            new("firstName", "Anna"), new("lastName", "Kowalska"), new("email", NewEmail()), new("organisation", "Silesia Energy"),
            new("country", "pl"), new("role", "partner"), new("sectors", "ict,food"), new("consent", "true"),
        ]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_filled_honeypot_looks_like_success_but_stores_and_sends_nothing()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var person = Api.Person(email);
        person["website"] = "http://spam.example";

        var response = await stack.RegisterAsync(eventId, person);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
        Assert.Empty(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task Unknown_event_is_404()
    {
        var response = await stack.RegisterAsync("no-such-forum", Api.Person(NewEmail()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Registration_before_it_opens_or_after_it_closes_is_409_registration_closed()
    {
        var notYet = Api.Forum();
        notYet["registration"]!["opensAt"] = TestStack.Start.AddDays(2).ToString("o");
        var closed = Api.Forum();
        closed["registration"] = new JsonObject { ["opensAt"] = TestStack.Start.AddDays(-9).ToString("o"), ["closesAt"] = TestStack.Start.AddDays(-1).ToString("o") };

        foreach (var body in new[] { notYet, closed })
        {
            var eventId = await stack.CreateEventAsync(body);
            var response = await stack.RegisterAsync(eventId, Api.Person(NewEmail()));

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.EndsWith("/registration-closed", problem.GetProperty("type").GetString());
            Assert.Empty(await stack.AllRegistrationsAsync(eventId));
        }
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        var eventId = await stack.CreateEventAsync();
        var person = Api.Person(NewEmail());
        person["dietaryRequirements"] = new string('x', 65 * 1024);

        var response = await stack.RegisterAsync(eventId, person);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Other_media_types_are_415(string mediaType)
    {
        var eventId = await stack.CreateEventAsync();
        var content = new StringContent(Api.Person(NewEmail()).ToJsonString());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_manage_link_shows_the_registration_and_a_wrong_token_looks_like_an_unknown_id()
    {
        var eventId = await stack.CreateEventAsync();
        var registration = await stack.RegisteredAsync(eventId, Api.Person(NewEmail(), firstName: "Eva"));
        var (id, token) = Api.ManageLink(registration);

        var mine = await stack.Client.GetRegistrationAsync(registration);
        var wrongToken = await stack.Client.SendAsync(WithToken($"/api/registrations/{id}", "AAAA" + token[4..]));
        var noToken = await stack.Client.GetAsync($"/api/registrations/{id}");
        var unknown = await stack.Client.SendAsync(WithToken($"/api/registrations/{eventId}.aaaaaaaaaaaaaaaaaaaa", "x"));

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("Eva", (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firstName").GetString());
        var unknownBody = await unknown.Content.ReadAsStringAsync();
        foreach (var response in new[] { wrongToken, noToken, unknown })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(unknownBody, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_calendar_file_is_RFC_5545_in_the_event_time_zone()
    {
        var eventId = await stack.CreateEventAsync();
        var registration = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var id = registration.GetProperty("id").GetString()!;

        var response = await stack.Client.GetCalendarAsync(registration);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        Assert.Contains("BEGIN:VEVENT", ics);
        Assert.Contains("DTSTART;TZID=Europe/Vienna:20270210T100000", ics);
        Assert.Contains("BEGIN:VTIMEZONE", ics);
        Assert.Contains("BEGIN:STANDARD", ics);
        Assert.Contains("BEGIN:DAYLIGHT", ics);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.SendAsync(WithToken($"/api/registrations/{id}/calendar.ics", "wrong"))).StatusCode);
    }

    private static HttpRequestMessage WithToken(string path, string token)
        => new(HttpMethod.Get, path) { Headers = { { "X-Manage-Token", token } } };

    [Fact]
    public async Task Cancelling_frees_the_seat_and_promotes_the_first_waiting_who_is_told_by_email()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var holder = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var firstWaitingEmail = NewEmail();
        var firstWaiting = await stack.RegisteredAsync(eventId, Api.Person(firstWaitingEmail, language: "de"));
        var secondWaiting = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        Assert.Equal(1, firstWaiting.GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(2, secondWaiting.GetProperty("waitlistPosition").GetInt32());
        var waitlistEmail = Assert.Single(await stack.EmailsToAsync(firstWaitingEmail));
        Assert.Contains("Warteliste", waitlistEmail.Request.GetProperty("subject").GetString());

        var cancelled = await stack.Client.CancelRegistrationAsync(holder);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        var promoted = await stack.Client.RegistrantAsync(firstWaiting);
        Assert.Equal("confirmed", promoted.GetProperty("status").GetString());
        var stillWaiting = await stack.Client.RegistrantAsync(secondWaiting);
        Assert.Equal(1, stillWaiting.GetProperty("waitlistPosition").GetInt32());
        var emails = await stack.EmailsToAsync(firstWaitingEmail);
        Assert.Equal(2, emails.Count);
        Assert.Contains("bestätigt", emails[1].Request.GetProperty("subject").GetString());
        var seats = await stack.EventAsync(eventId);
        Assert.Equal((1, 1), (seats.GetProperty("confirmed").GetInt32(), seats.GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task Registering_again_after_cancelling_makes_a_new_registration()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var first = await stack.RegisteredAsync(eventId, Api.Person(email));
        await stack.Client.CancelRegistrationAsync(first);

        var again = await stack.RegisterAsync(eventId, Api.Person(email));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(first.GetProperty("id").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Raising_capacity_promotes_and_lowering_it_below_the_confirmed_count_is_refused()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 2));
        for (var i = 0; i < 5; i++)
        {
            await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        }

        var raised = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Api.Forum(capacity: 4));
        var lowered = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Api.Forum(capacity: 3));

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lowered.StatusCode);
        var seats = await stack.EventAsync(eventId);
        Assert.Equal((4, 4, 1), (seats.GetProperty("capacity").GetInt32(), seats.GetProperty("confirmed").GetInt32(), seats.GetProperty("waitlisted").GetInt32()));
        var rows = await stack.AllRegistrationsAsync(eventId);
        Assert.Equal(4, rows.Count(r => r.GetProperty("status").GetString() == "confirmed"));
    }

    [Fact]
    public async Task Organisers_check_in_confirmed_people_only()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        var confirmed = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var waiting = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));

        var checkedIn = await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/registrations/{confirmed.GetProperty("id").GetString()}/check-in", null);
        var refused = await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/registrations/{waiting.GetProperty("id").GetString()}/check-in", null);
        var anonymous = await stack.Client.PostAsync($"/api/manage/events/{eventId}/registrations/{confirmed.GetProperty("id").GetString()}/check-in", null);

        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await checkedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkedInAt").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_csv_export_neutralises_cells_that_would_start_a_formula()
    {
        var eventId = await stack.CreateEventAsync();
        var person = Api.Person(NewEmail(), firstName: "=HYPERLINK(\"http://evil.example\")");
        person["organisation"] = "+cmd|' /C calc'!A0";
        person["dietaryRequirements"] = "@SUM(1+1)";
        await stack.RegisteredAsync(eventId, person);

        var response = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("id,status,firstName", csv.TrimStart('\uFEFF'));
        var cells = csv.Split('\n')[1].TrimEnd('\r').Split(',');
        Assert.DoesNotContain(cells, c => c.TrimStart('"').Length > 0 && "=+-@\t\r".Contains(c.TrimStart('"')[0]));
        Assert.Contains("'=HYPERLINK", csv);
        Assert.Contains("'+cmd", csv);
        Assert.Contains("'@SUM", csv);
    }

    [Fact]
    public async Task Erasing_a_person_anonymises_every_registration_and_frees_their_seats()
    {
        var email = NewEmail();
        var first = await stack.CreateEventAsync();
        var second = await stack.CreateEventAsync();
        var a = await stack.RegisteredAsync(first, Api.Person(email));
        await stack.RegisteredAsync(second, Api.Person(email));

        var response = await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = email.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("erased").GetProperty("registrations").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetRegistrationAsync(a)).StatusCode);
        var rows = await stack.AllRegistrationsAsync(second);
        var row = Assert.Single(rows);
        Assert.Equal("", row.GetProperty("email").GetString());
        Assert.Equal("cancelled", row.GetProperty("status").GetString());
        Assert.Equal(0, (await stack.EventAsync(second)).GetProperty("confirmed").GetInt32());
        Assert.DoesNotContain(email, await (await stack.Organiser.GetAsync($"/api/manage/events/{first}/registrations.csv")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Erasure_also_reaches_a_cancelled_registration_and_the_one_made_again_after_it()
    {
        var email = NewEmail();
        var eventId = await stack.CreateEventAsync();
        var cancelled = await stack.RegisteredAsync(eventId, Api.Person(email));
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(cancelled)).StatusCode);
        var again = await stack.RegisteredAsync(eventId, Api.Person(email));
        Assert.NotEqual(cancelled.GetProperty("id").GetString(), again.GetProperty("id").GetString());

        var response = await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var erased = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased");
        Assert.Equal(2, erased.GetProperty("registrations").GetInt32());
        Assert.Equal(1, erased.GetProperty("cancelled").GetInt32());
        var rows = await stack.AllRegistrationsAsync(eventId);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal("", row.GetProperty("email").GetString()));
        // Nothing in the event's partition points at the person any more, and they may register afresh.
        var table = await stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
        var pointers = table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, "e-"));
        Assert.Empty(await pointers.ToListAsync());
        Assert.Equal(HttpStatusCode.Created, (await stack.RegisterAsync(eventId, Api.Person(email))).StatusCode);
    }

    [Fact]
    public async Task The_organiser_list_pages_without_repeating_or_skipping()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 3));
        var ids = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await stack.RegisteredAsync(eventId, Api.Person(NewEmail()))).GetProperty("id").GetString()!);
        }

        var paged = await stack.AllRegistrationsAsync(eventId, pageSize: 2);
        var waitlisted = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/registrations?status=waitlisted");

        Assert.Equal(ids.Order(), paged.Select(r => r.GetProperty("id").GetString()!).Order());
        Assert.Equal(4, waitlisted.GetProperty("items").GetArrayLength());
        var bad = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations?continuationToken=%25%25&pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
