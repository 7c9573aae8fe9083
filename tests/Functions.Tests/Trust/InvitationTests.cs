using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>Invited events (issue #13, point 7): only an organiser's invitation code opens registration.</summary>
public sealed class InvitationTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"p{Guid.NewGuid():N}@example.org";

    private async Task<string> CreateInvitedEventAsync(int capacity = 50)
    {
        var body = Api.Forum(capacity);
        body["type"] = "observerMeeting";
        body["audience"] = "invited";
        return await stack.CreateEventAsync(body, "observers-" + Guid.NewGuid().ToString("N")[..8]);
    }

    private async Task<JsonElement> IssueAsync(string eventId, JsonObject body)
    {
        var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/invitations", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonObject WithCode(JsonObject person, string? code)
    {
        person["invitationCode"] = code;
        return person;
    }

    /// <summary>Status, headers (but the date) and body bytes: everything a caller could tell apart.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}");
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n\n{await response.Content.ReadAsStringAsync()}";
    }

    [Fact]
    public async Task A_public_event_says_public_and_registers_without_a_code()
    {
        var eventId = await stack.CreateEventAsync();

        var response = await stack.RegisterAsync(eventId, Api.Person(NewEmail()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("public", (await stack.EventAsync(eventId)).GetProperty("audience").GetString());
    }

    [Fact]
    public async Task An_unknown_audience_is_a_validation_problem()
    {
        var body = Api.Forum();
        body["audience"] = "secret";

        var response = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/forum-{Guid.NewGuid():N}"[..30], body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("audience", out _));
    }

    [Fact]
    public async Task An_invited_event_is_listed_in_the_programme_as_invited()
    {
        var eventId = await CreateInvitedEventAsync();

        var list = await stack.Client.GetFromJsonAsync<JsonElement>("/api/events");

        var listed = list.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetString() == eventId);
        Assert.Equal("invited", listed.GetProperty("audience").GetString());
        Assert.Equal("invited", (await stack.EventAsync(eventId)).GetProperty("audience").GetString());
    }

    [Fact]
    public async Task Without_a_good_code_an_invited_event_answers_exactly_as_an_unknown_event()
    {
        var eventId = await CreateInvitedEventAsync();
        var invited = NewEmail();
        var personal = (await IssueAsync(eventId, new JsonObject { ["email"] = invited })).GetProperty("code").GetString()!;
        var revoked = await IssueAsync(eventId, new JsonObject { ["organisation"] = "Revoked Cluster" });
        Assert.Equal(HttpStatusCode.NoContent, (await stack.Organiser.DeleteAsync(
            $"/api/manage/events/{eventId}/invitations/{revoked.GetProperty("id").GetString()}")).StatusCode);
        var usedUp = (await IssueAsync(eventId, new JsonObject { ["organisation"] = "Small Cluster", ["maxUses"] = 1 })).GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await stack.RegisterAsync(eventId, WithCode(Api.Person(NewEmail()), usedUp))).StatusCode);
        var otherEventCode = (await IssueAsync(await CreateInvitedEventAsync(), new JsonObject { ["organisation"] = "Elsewhere" })).GetProperty("code").GetString()!;
        var unknownEvent = "observers-" + Guid.NewGuid().ToString("N")[..8];
        var honeypot = WithCode(Api.Person(NewEmail()), null);
        honeypot["website"] = "http://spam.example";

        var attempts = new Dictionary<string, JsonObject>
        {
            ["no code"] = Api.Person(NewEmail()),
            ["empty code"] = WithCode(Api.Person(NewEmail()), ""),
            ["wrong code"] = WithCode(Api.Person(NewEmail()), personal[..12] + new string('a', 26)),
            ["not a code"] = WithCode(Api.Person(NewEmail()), "<script>"),
            ["revoked code"] = WithCode(Api.Person(NewEmail()), revoked.GetProperty("code").GetString()),
            ["used-up code"] = WithCode(Api.Person(NewEmail()), usedUp),
            ["another person's code"] = WithCode(Api.Person(NewEmail()), personal),
            ["another event's code"] = WithCode(Api.Person(NewEmail()), otherEventCode),
            ["invalid form, no code"] = new JsonObject { ["email"] = "not-an-email" },
            ["honeypot, no code"] = honeypot,
        };
        foreach (var (name, person) in attempts)
        {
            var expected = await AnswerAsync(await stack.RegisterAsync(unknownEvent, person.DeepClone().AsObject()));
            var actual = await AnswerAsync(await stack.RegisterAsync(eventId, person));
            Assert.True(expected == actual, $"{name}:\n{actual}\n--- differs from an unknown event's ---\n{expected}");
            Assert.StartsWith("404", actual);
        }
        var form = new List<KeyValuePair<string, string>>
        {
            new("firstName", "Luca"), new("lastName", "Bianchi"), new("email", NewEmail()), new("organisation", "Food Cluster"),
            new("country", "IT"), new("role", "observer"), new("consent", "on"), new("invitationCode", personal),
        };
        var formExpected = await AnswerAsync(await stack.Client.PostAsync($"/api/events/{unknownEvent}/registrations", new FormUrlEncodedContent(form)));
        var formActual = await AnswerAsync(await stack.Client.PostAsync($"/api/events/{eventId}/registrations", new FormUrlEncodedContent(form)));
        Assert.Equal(formExpected, formActual);
        Assert.Single(await stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task The_right_code_registers_and_a_personal_code_takes_the_address_however_it_is_typed()
    {
        var eventId = await CreateInvitedEventAsync();
        var email = NewEmail();
        var code = (await IssueAsync(eventId, new JsonObject { ["email"] = email.ToUpperInvariant() })).GetProperty("code").GetString()!;

        var response = await stack.RegisterAsync(eventId, WithCode(Api.Person(" " + email + " "), " " + code.ToUpperInvariant() + " "));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("confirmed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task A_plain_form_post_with_the_code_registers()
    {
        var eventId = await CreateInvitedEventAsync();
        var code = (await IssueAsync(eventId, new JsonObject { ["organisation"] = "Lombardy Food Cluster" })).GetProperty("code").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{eventId}/registrations")
        {
            Content = new FormUrlEncodedContent([
                new("firstName", "Luca"), new("lastName", "Bianchi"), new("email", NewEmail()), new("organisation", "Lombardy Food Cluster"),
                new("country", "IT"), new("role", "observer"), new("consent", "on"), new("website", ""), new("invitationCode", code),
            ]),
        };
        request.Headers.Accept.ParseAdd("text/html");
        using var client = stack.NewClient(allowAutoRedirect: false);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("status=confirmed", response.Headers.Location?.ToString());
        Assert.Single(await stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task An_organisation_code_for_three_admits_exactly_three_of_ten_at_once()
    {
        var eventId = await CreateInvitedEventAsync();
        var invitation = await IssueAsync(eventId, new JsonObject { ["organisation"] = "Moravian ICT Cluster", ["maxUses"] = 3 });
        var code = invitation.GetProperty("code").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => stack.RegisterAsync(eventId, WithCode(Api.Person(NewEmail()), code))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.NotFound));
        Assert.Equal(3, (await stack.AllRegistrationsAsync(eventId)).Count);
        Assert.Equal(3, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/invitations")).GetProperty("items");
        Assert.Equal(3, Assert.Single(listed.EnumerateArray()).GetProperty("uses").GetInt32());
    }

    [Fact]
    public async Task A_person_already_registered_uses_no_second_use_of_the_code()
    {
        var eventId = await CreateInvitedEventAsync();
        var code = (await IssueAsync(eventId, new JsonObject { ["organisation"] = "Tourism Cluster", ["maxUses"] = 2 })).GetProperty("code").GetString()!;
        var email = NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await stack.RegisterAsync(eventId, WithCode(Api.Person(email), code))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await stack.RegisterAsync(eventId, WithCode(Api.Person(email), code))).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await stack.RegisterAsync(eventId, WithCode(Api.Person(NewEmail()), code))).StatusCode);
    }

    [Fact]
    public async Task Codes_are_shown_once_and_never_in_lists()
    {
        var eventId = await CreateInvitedEventAsync();
        var email = NewEmail();
        var issued = await IssueAsync(eventId, new JsonObject { ["email"] = email });
        var code = issued.GetProperty("code").GetString()!;
        Assert.Equal(38, code.Length);
        await IssueAsync(eventId, new JsonObject { ["organisation"] = "Health Cluster", ["maxUses"] = 5 });

        var list = await stack.Organiser.GetStringAsync($"/api/manage/events/{eventId}/invitations");
        var programme = await stack.Client.GetStringAsync($"/api/events/{eventId}");

        Assert.DoesNotContain(code[InvitationCodeIdLength..], list);
        Assert.DoesNotContain(code, programme);
        Assert.DoesNotContain("hash", list, StringComparison.OrdinalIgnoreCase);
        var items = JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var personal = items.Single(i => i.GetProperty("id").GetString() == issued.GetProperty("id").GetString());
        Assert.Equal(email, personal.GetProperty("email").GetString());
        Assert.Equal(0, personal.GetProperty("uses").GetInt32());
        Assert.Equal(JsonValueKind.Null, personal.GetProperty("revokedAt").ValueKind);
        Assert.False(personal.TryGetProperty("code", out _));
    }

    private const int InvitationCodeIdLength = 12;

    [Fact]
    public async Task Organiser_routes_need_the_key()
    {
        var eventId = await CreateInvitedEventAsync();
        var invitation = await IssueAsync(eventId, new JsonObject { ["organisation"] = "Energy Cluster" });
        var id = invitation.GetProperty("id").GetString();

        var post = await stack.Client.PostAsJsonAsync($"/api/manage/events/{eventId}/invitations", new JsonObject { ["organisation"] = "X" });
        var get = await stack.Client.GetAsync($"/api/manage/events/{eventId}/invitations");
        var delete = await stack.Client.DeleteAsync($"/api/manage/events/{eventId}/invitations/{id}");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { post.StatusCode, get.StatusCode, delete.StatusCode });
        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/invitations")).GetProperty("items");
        Assert.Equal(JsonValueKind.Null, Assert.Single(listed.EnumerateArray()).GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData("{}", "email")]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"organisation":"A","maxUses":0}""", "maxUses")]
    [InlineData("""{"organisation":"A","maxUses":"three"}""", "maxUses")]
    [InlineData("""{"organisation":"A\u0000B"}""", "organisation")]
    public async Task A_bad_invitation_request_is_a_validation_problem_and_issues_nothing(string body, string field)
    {
        var eventId = await CreateInvitedEventAsync();

        var response = await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/invitations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        var listed = (await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/invitations")).GetProperty("items");
        Assert.Empty(listed.EnumerateArray());
    }

    [Fact]
    public async Task Invitations_of_an_unknown_event_or_an_unknown_invitation_are_404()
    {
        var eventId = await CreateInvitedEventAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.PostAsJsonAsync("/api/manage/events/no-such-event/invitations", new JsonObject { ["organisation"] = "A" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.GetAsync("/api/manage/events/no-such-event/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.DeleteAsync($"/api/manage/events/{eventId}/invitations/aaaaaaaaaaaa")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.DeleteAsync($"/api/manage/events/{eventId}/invitations/..%2f")).StatusCode);
    }

    [Fact]
    public async Task The_purge_deletes_the_invitations_of_events_past_their_retention()
    {
        var body = Api.Forum(startsAt: TestStack.Start.AddDays(-800));
        body["audience"] = "invited";
        var old = await stack.CreateEventAsync(body, "observers-" + Guid.NewGuid().ToString("N")[..8]);
        var current = await CreateInvitedEventAsync();
        await IssueAsync(old, new JsonObject { ["email"] = NewEmail() });
        await IssueAsync(current, new JsonObject { ["email"] = NewEmail() });

        var run = await stack.Organiser.PostAsync("/admin/functions/PurgeInvitations?wait=true", null);

        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());
        Assert.Empty((await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{old}/invitations")).GetProperty("items").EnumerateArray());
        Assert.Single((await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{current}/invitations")).GetProperty("items").EnumerateArray());
    }
}
