using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// Issue #13, points 1 and 2: knowing an email address opens nobody's registration, and no manage token
/// travels in a URL a server sees (only in a fragment and the X-Manage-Token header); the one-click
/// unsubscribe link carries a token of its own that opens nothing else.
/// </summary>
public sealed partial class RegistrantAccessTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"p{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_repeat_with_someone_elses_email_answers_only_already_registered_and_reveals_no_token()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var owner = await stack.RegisteredAsync(eventId, Api.Person(email, firstName: "Owner"));
        var (id, token) = Api.ManageLink(owner);

        foreach (var typed in new[] { email, email.ToUpperInvariant(), " " + email.Replace("@", "＠") })
        {
            var repeat = await stack.RegisterAsync(eventId, Api.Person(typed, firstName: "Mallory"));

            Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
            var body = await repeat.Content.ReadAsStringAsync();
            Assert.Equal("""{"status":"alreadyRegistered"}""", body);
            var headers = string.Join("\n", repeat.Headers.Concat(repeat.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
            Assert.DoesNotContain(token, headers);
            Assert.DoesNotContain(id, headers);
            Assert.DoesNotContain(id[(id.LastIndexOf('.') + 1)..], headers + body);
        }
        // Nothing went to the caller's name, and the registration is the owner's as before.
        Assert.Equal("Owner", (await stack.Client.RegistrantAsync(owner)).GetProperty("firstName").GetString());
        Assert.Equal(1, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task The_owner_gets_the_link_again_in_their_language_at_most_once_per_ten_minutes()
    {
        // Moves the clock: a stack of its own, so the class's other tests keep theirs where it was.
        await using var own = await TestStack.StartOwnAsync();
        var eventId = await own.CreateEventAsync();
        var email = NewEmail();
        var owner = await own.RegisteredAsync(eventId, Api.Person(email, language: "de"));
        Assert.Single(await own.EmailsToAsync(email));

        await own.RegisterAsync(eventId, Api.Person(email, firstName: "Someone", language: "en"));
        var emails = await own.EmailsToAsync(email);
        Assert.Equal(2, emails.Count);
        Assert.StartsWith("Ihr Link zu Ihrer Anmeldung", emails[1].Request.GetProperty("subject").GetString());
        Assert.Equal(owner.GetProperty("manageUrl").GetString(), Mail.Value(emails[1].Personalization, "manageUrl"));
        Assert.Equal("Jana", Mail.Value(emails[1].Personalization, "firstName"));

        own.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await own.RegisterAsync(eventId, Api.Person(email))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.RegisterAsync(eventId, Api.Person(email))).StatusCode);
        Assert.Equal(2, (await own.EmailsToAsync(email)).Count);

        own.Time.Advance(TimeSpan.FromMinutes(1.5));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => own.RegisterAsync(eventId, Api.Person(email))));
        Assert.Equal(3, (await own.EmailsToAsync(email)).Count);
    }

    [Fact]
    public async Task The_link_sent_again_is_not_lost_when_the_provider_is_down()
    {
        // Moves the clock: a stack of its own, so the class's other tests keep theirs where it was.
        await using var own = await TestStack.StartOwnAsync();
        var eventId = await own.CreateEventAsync();
        var email = NewEmail();
        await own.RegisteredAsync(eventId, Api.Person(email));
        await own.DeliverEmailsAsync();
        own.SinkFaults.FailRandomly(1, seed: 13);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await own.RegisterAsync(eventId, Api.Person(email))).StatusCode);
            // Every delivery attempt fails: the queue gives the message up (poison queue).
            Assert.Equal(1, (await own.DeliverEmailsAsync()).GetProperty("poisoned").GetInt32());
        }
        finally
        {
            own.SinkFaults.Reset();
        }
        Assert.Single(await own.EmailsToAsync(email));

        own.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await SendPendingEmailsAsync(own);
        own.Time.Advance(PendingEmail.Grace + TimeSpan.FromMinutes(1));
        await SendPendingEmailsAsync(own);

        var emails = await own.EmailsToAsync(email);
        Assert.True(emails.Count == 2, string.Join(" | ", emails.Select(e => e.Request.GetProperty("subject").GetString())));
        Assert.StartsWith("Your link to your registration", emails[1].Request.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_cancelled_registration_does_not_count_and_gets_no_link()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        var first = await stack.RegisteredAsync(eventId, Api.Person(email));
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(first)).StatusCode);

        var again = await stack.RegisterAsync(eventId, Api.Person(email));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await stack.Client.GetRegistrationAsync(second)).StatusCode);
    }

    [Fact]
    public async Task A_plain_form_post_for_someone_already_registered_is_303_with_status_already_registered()
    {
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        await stack.RegisteredAsync(eventId, Api.Person(email));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{eventId}/registrations")
        {
            Content = new FormUrlEncodedContent([
                new("firstName", "Luca"), new("lastName", "Bianchi"), new("email", email), new("organisation", "Lombardy Food Cluster"),
                new("country", "IT"), new("role", "clusterMember"), new("consent", "on"),
            ]),
        };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        using var client = stack.NewClient(allowAutoRedirect: false);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{stack.BaseAddress}thank-you.html?status=alreadyRegistered", response.Headers.Location?.ToString());
        Assert.Equal(2, (await stack.EmailsToAsync(email)).Count);
    }

    public static TheoryData<string, string, string> TokenRoutes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, suffix) in new[] { ("GET", ""), ("DELETE", ""), ("GET", "/calendar.ics") })
        {
            foreach (var name in new[] { "token", "TOKEN", "Token", "manageToken", "tok%65n" })
            {
                data.Add(method, suffix, name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TokenRoutes))]
    public async Task A_token_in_the_query_string_is_refused_even_with_the_right_header_and_changes_nothing(string method, string suffix, string name)
    {
        var eventId = await stack.CreateEventAsync();
        var registration = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var (_, token) = Api.ManageLink(registration);
        using var request = Api.ManageRequest(new HttpMethod(method), registration, suffix);
        request.RequestUri = new Uri(request.RequestUri!.OriginalString + $"?{name}={token}", UriKind.Relative);

        var response = await stack.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync());
        Assert.Equal("confirmed", (await stack.Client.RegistrantAsync(registration)).GetProperty("status").GetString());
        Assert.Equal(1, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task The_header_opens_every_manage_route_and_a_wrong_or_missing_one_is_the_unknown_id_answer()
    {
        var eventId = await stack.CreateEventAsync();
        var registration = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var (id, token) = Api.ManageLink(registration);
        var unknownBody = await (await stack.Client.SendAsync(WithToken(HttpMethod.Get, $"/api/registrations/{eventId}.aaaaaaaaaaaaaaaaaaaa", token))).Content.ReadAsStringAsync();

        foreach (var (method, suffix) in new[] { (HttpMethod.Get, ""), (HttpMethod.Get, "/calendar.ics"), (HttpMethod.Delete, "") })
        {
            foreach (var wrong in new[] { null, "", "x", token.ToUpperInvariant(), token + "x" })
            {
                var response = await stack.Client.SendAsync(WithToken(method, $"/api/registrations/{id}{suffix}", wrong));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal(unknownBody, await response.Content.ReadAsStringAsync());
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await stack.Client.GetCalendarAsync(registration)).StatusCode);
        Assert.Equal("confirmed", (await stack.Client.RegistrantAsync(registration)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.CancelRegistrationAsync(registration)).StatusCode);
        Assert.Equal("cancelled", (await stack.Client.RegistrantAsync(registration)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Answers_and_emails_carry_the_manage_token_only_in_a_fragment()
    {
        // Moves the clock: a stack of its own, so the class's other tests keep theirs where it was.
        await using var own = await TestStack.StartOwnAsync();
        // Starts a week and an hour from now, so the 7-day reminder falls due within two hours.
        var body = Api.Forum(startsAt: TestStack.Start.AddDays(7).AddHours(1));
        body["registration"]!["closesAt"] = TestStack.Start.AddDays(1).ToString("o");
        var eventId = await own.CreateEventAsync(body);
        var email = NewEmail();
        var registration = await own.RegisteredAsync(eventId, Api.Person(email));
        await own.RegisterAsync(eventId, Api.Person(email)); // the link again
        await own.DeliverEmailsAsync(); // both out before the reminder, so the emails come in that order
        var (id, token) = Api.ManageLink(registration);
        var unsubscribeToken = own.Services.GetRequiredService<RegistrationLinks>().StopReminders(id).Split("token=")[1];
        own.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await own.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);

        var emails = await own.EmailsToAsync(email);
        Assert.Equal(3, emails.Count); // confirmation, the link again, the reminder
        var registrant = await own.Client.RegistrantAsync(registration);
        var calendar = await (await own.Client.GetCalendarAsync(registration)).Content.ReadAsStringAsync();
        var texts = Strings(registration).Concat(Strings(registrant)).Append(calendar.Replace("\r\n ", "", StringComparison.Ordinal))
            .Concat(emails.SelectMany(e => Strings(e.Request))).ToList();

        Assert.Contains(texts, t => t.Contains(token, StringComparison.Ordinal));
        foreach (var text in texts)
        {
            // Take every URL's fragment out: what is left (paths, queries, any other text) holds no manage token.
            Assert.DoesNotContain(token, Url().Replace(text, m => m.Value.Split('#')[0]));
            foreach (Match url in Url().Matches(text))
            {
                var uri = new Uri(url.Value);
                Assert.DoesNotContain(token, uri.GetLeftPart(UriPartial.Query));
                // The unsubscribe token is in the stop link only.
                if (uri.Query.Contains(unsubscribeToken, StringComparison.Ordinal))
                {
                    Assert.EndsWith($"/api/registrations/{id}/reminders/stop", uri.AbsolutePath);
                }
            }
        }
        var reminder = emails[2].Personalization;
        Assert.Contains(unsubscribeToken, reminder.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
        Assert.Equal($"{own.BaseAddress}api/registrations/{id}/calendar.ics", registrant.GetProperty("calendarUrl").GetString());
    }

    [Fact]
    public async Task The_unsubscribe_token_and_the_manage_token_do_not_open_each_others_routes()
    {
        var eventId = await stack.CreateEventAsync();
        var registration = await stack.RegisteredAsync(eventId, Api.Person(NewEmail()));
        var (id, manageToken) = Api.ManageLink(registration);
        var stopLink = stack.Services.GetRequiredService<RegistrationLinks>().StopReminders(id);
        var unsubscribeToken = stopLink.Split("token=")[1];
        Assert.NotEqual(manageToken, unsubscribeToken);

        // The unsubscribe token opens, cancels and downloads nothing.
        foreach (var (method, suffix) in new[] { (HttpMethod.Get, ""), (HttpMethod.Get, "/calendar.ics"), (HttpMethod.Delete, "") })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.SendAsync(WithToken(method, $"/api/registrations/{id}{suffix}", unsubscribeToken))).StatusCode);
        }
        Assert.Equal("confirmed", (await stack.Client.RegistrantAsync(registration)).GetProperty("status").GetString());

        // The manage token does not stop reminders, neither in the query nor in the header.
        var withManageToken = $"/api/registrations/{id}/reminders/stop?token={manageToken}";
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetAsync(withManageToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.SendAsync(StopRequest(withManageToken))).StatusCode);
        var headerOnly = StopRequest($"/api/registrations/{id}/reminders/stop");
        headerOnly.Headers.Add("X-Manage-Token", manageToken);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.SendAsync(headerOnly)).StatusCode);
        Assert.False(await RemindersStoppedAsync(eventId, id));

        // Its own token does.
        Assert.Equal(HttpStatusCode.OK, (await stack.Client.GetAsync(stopLink)).StatusCode);
        Assert.False(await RemindersStoppedAsync(eventId, id)); // a GET (a link scanner) changes nothing
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Client.SendAsync(StopRequest(stopLink))).StatusCode);
        Assert.True(await RemindersStoppedAsync(eventId, id));
    }

    private static HttpRequestMessage WithToken(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Manage-Token", token);
        }
        return request;
    }

    private static HttpRequestMessage StopRequest(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("List-Unsubscribe=One-Click") };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private async Task<bool> RemindersStoppedAsync(string eventId, string registrationId)
    {
        var table = await stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
        var row = await table.GetEntityAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId));
        return row.Value.GetBoolean("RemindersStopped") ?? false;
    }

    private static async Task SendPendingEmailsAsync(TestStack host)
        => Assert.Equal(HttpStatusCode.OK, (await host.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null)).StatusCode);

    /// <summary>Every string in a JSON document, property names included.</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex("""https?://[^\s"'<>]+""")]
    private static partial Regex Url();
}
