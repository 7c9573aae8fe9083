using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Backoffice;

/// <summary>Organisers writing to participants (preview, send, the record) and the audit log of their changes.</summary>
public sealed class EventsMessagesAndAuditTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"p{Guid.NewGuid():N}@example.org";

    private static JsonObject Message(string to, string englishBody = "The room is now <b>B 2</b> & the coffee is on the 1st floor.") => new()
    {
        ["to"] = to,
        ["subject"] = new JsonObject { ["en"] = "Room change", ["de"] = "Raumänderung" },
        ["body"] = new JsonObject { ["en"] = englishBody + "\n\nSee you there.", ["de"] = "Der Raum ist jetzt B 2." },
    };

    [Fact]
    public async Task Writing_to_the_confirmed_reaches_each_in_their_language_with_typed_text_as_data()
    {
        var id = await stack.CreateEventAsync(Api.Forum(capacity: 2));
        var german = NewEmail();
        var polish = NewEmail();
        var waiting = NewEmail();
        await stack.RegisteredAsync(id, Api.Person(german, language: "de"));
        await stack.RegisteredAsync(id, Api.Person(polish, language: "pl"));
        await stack.RegisteredAsync(id, Api.Person(waiting));

        var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{id}/messages", Message("confirmed"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, sent.GetProperty("recipients").GetInt32());
        var (deRequest, dePerson) = Assert.Single(await stack.EmailsToAsync(german), e => e.Request.GetProperty("subject").GetString() == "Raumänderung");
        Assert.Contains("Der Raum ist jetzt B 2.", Mail.Filled(deRequest, dePerson).Text);
        // Polish is not written: English, with the organiser's markup shown as typed, never as markup.
        var (plRequest, plPerson) = Assert.Single(await stack.EmailsToAsync(polish), e => e.Request.GetProperty("subject").GetString() == "Room change");
        var html = Mail.Filled(plRequest, plPerson).Html;
        Assert.Contains("&lt;b&gt;B 2&lt;/b&gt; &amp; the coffee", html);
        Assert.DoesNotContain("<b>B 2</b>", html);
        Assert.DoesNotContain(await stack.EmailsToAsync(waiting), e => e.Request.GetProperty("subject").GetString() == "Room change");
        var record = await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{id}/messages");
        var item = Assert.Single(record.GetProperty("items").EnumerateArray());
        Assert.Equal(sent.GetProperty("messageId").GetString(), item.GetProperty("messageId").GetString());
        Assert.Equal("organiser key", item.GetProperty("sentBy").GetString());
        Assert.Equal("confirmed", item.GetProperty("to").GetString());
        Assert.Equal(2, item.GetProperty("recipients").GetInt32());
    }

    [Fact]
    public async Task The_preview_shows_each_language_used_among_the_chosen_people()
    {
        var id = await stack.CreateEventAsync();
        await stack.RegisteredAsync(id, Api.Person(NewEmail(), language: "de"));
        await stack.RegisteredAsync(id, Api.Person(NewEmail(), language: "de"));
        await stack.RegisteredAsync(id, Api.Person(NewEmail(), language: "sk"));

        var response = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{id}/messages/preview", Message("all"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["de", "en"], items.Select(i => i.GetProperty("language").GetString()));
        Assert.Equal(2, items[0].GetProperty("recipients").GetInt32());
        Assert.Equal("Raumänderung", items[0].GetProperty("subject").GetString());
        Assert.Contains("&lt;b&gt;", items[1].GetProperty("html").GetString());
        Assert.Contains("[first name]", items[1].GetProperty("text").GetString());
        // Nothing was sent by a preview.
        Assert.Empty((await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{id}/messages")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_message_without_english_or_to_an_unknown_group_is_refused_and_sends_nothing()
    {
        var id = await stack.CreateEventAsync();
        var noEnglish = Message("all");
        noEnglish["subject"] = new JsonObject { ["de"] = "Nur Deutsch" };
        var badTo = Message("everyone");

        var first = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{id}/messages", noEnglish);
        var second = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{id}/messages", badTo);
        var unknown = await stack.Organiser.PostAsJsonAsync("/api/manage/events/no-such-event/messages", Message("all"));

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("subject.en", out _));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty((await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{id}/messages")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Organisers_changes_are_in_the_audit_log_newest_first_and_reads_are_not()
    {
        var id = await stack.CreateEventAsync();
        await stack.Organiser.PostAsync($"/api/manage/events/{id}/cancel", null);
        await stack.Organiser.GetAsync($"/api/manage/events/{id}");
        await stack.Client.PostAsync($"/api/manage/events/{id}/cancel", null);

        var page = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/audit?pageSize=100");

        var mine = page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("target").GetString()!.Contains(id)).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal("POST /api/manage/events/{eventId}/cancel", mine[0].GetProperty("action").GetString());
        Assert.Equal(200, mine[0].GetProperty("status").GetInt32());
        Assert.Equal("organiser key", mine[0].GetProperty("who").GetString());
        Assert.Equal($"eventId={id}", mine[0].GetProperty("target").GetString());
        Assert.Equal("PUT /api/manage/events/{eventId}", mine[1].GetProperty("action").GetString());
        Assert.Equal(201, mine[1].GetProperty("status").GetInt32());
        var first = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/audit?pageSize=1");
        Assert.Single(first.GetProperty("items").EnumerateArray());
        var token = first.GetProperty("continuationToken").GetString();
        Assert.NotNull(token);
        var next = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/audit?pageSize=1&continuationToken=" + Uri.EscapeDataString(token));
        Assert.Single(next.GetProperty("items").EnumerateArray());
        Assert.NotEqual(first.GetProperty("items")[0].GetRawText(), next.GetProperty("items")[0].GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, (await stack.Organiser.GetAsync("/api/manage/audit?pageSize=0")).StatusCode);
    }
}

/// <summary>Sign-in through App Service authentication: trusted only where Bicep says it is in front of the app.</summary>
public sealed class EventsSignInTests
{
    private static string Principal(string name, params string[] roles)
    {
        var claims = new JsonArray { new JsonObject { ["typ"] = "name", ["val"] = name } };
        foreach (var role in roles)
        {
            claims.Add(new JsonObject { ["typ"] = "roles", ["val"] = role });
        }
        var json = new JsonObject { ["auth_typ"] = "aad", ["name_typ"] = "name", ["role_typ"] = "roles", ["claims"] = claims };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static HttpRequestMessage Cancel(string eventId, string principal)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/events/{eventId}/cancel");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        return request;
    }

    [Fact]
    public async Task A_signed_in_organiser_is_accepted_and_named_in_the_audit_log_only_behind_app_service_authentication()
    {
        await using var trusted = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Access:AppServiceAuthentication"] = "true" });
        var id = await trusted.CreateEventAsync();

        var observer = await trusted.Client.SendAsync(Cancel(id, Principal("Olga Observer", "Observer")));
        var organiser = await trusted.Client.SendAsync(Cancel(id, Principal("Eva Organiser", "Organiser")));

        Assert.Equal(HttpStatusCode.Unauthorized, observer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, organiser.StatusCode);
        var log = await trusted.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/audit");
        Assert.Equal("Eva Organiser", log.GetProperty("items")[0].GetProperty("who").GetString());

        await using var local = await TestStack.StartOwnAsync();
        var other = await local.CreateEventAsync();
        var forged = await local.Client.SendAsync(Cancel(other, Principal("Mallory", "Organiser")));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("published", (await local.EventAsync(other)).GetProperty("status").GetString());
    }
}
