using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>Events and registrations made through the HTTP API, as organisers and the website would.</summary>
public static class Api
{
    /// <summary>A forum in Linz a month after <see cref="TestStack.Start"/>, registration open now.</summary>
    public static JsonObject Forum(int capacity = 50, DateTimeOffset? startsAt = null) => new()
    {
        ["type"] = "exchangeForum",
        ["title"] = new JsonObject { ["en"] = "Exchange forum Linz", ["de"] = "Austauschforum Linz", ["cs"] = "Výměnné fórum Linec" },
        ["description"] = new JsonObject { ["en"] = "Health and energy clusters meet." },
        ["city"] = "Linz",
        ["country"] = "AT",
        ["venue"] = "Tabakfabrik",
        ["startsAt"] = (startsAt ?? TestStack.Start.AddDays(30)).ToString("o"),
        ["endsAt"] = (startsAt ?? TestStack.Start.AddDays(30)).AddHours(30).ToString("o"),
        ["timeZone"] = "Europe/Vienna",
        ["sectors"] = new JsonArray("health", "energyEnvironment"),
        ["capacity"] = capacity,
        ["registration"] = new JsonObject
        {
            ["opensAt"] = TestStack.Start.AddDays(-1).ToString("o"),
            ["closesAt"] = TestStack.Start.AddDays(20).ToString("o"),
        },
    };

    public static async Task<string> CreateEventAsync(this TestStack stack, JsonObject? body = null, string? id = null)
    {
        id ??= "forum-" + Guid.NewGuid().ToString("N")[..8];
        var response = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", body ?? Forum());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    public static JsonObject Person(string email, string firstName = "Jana", string language = "en") => new()
    {
        ["firstName"] = firstName,
        ["lastName"] = "Nováková",
        ["email"] = email,
        ["organisation"] = "Moravian ICT Cluster",
        ["country"] = "CZ",
        ["role"] = "clusterManager",
        ["sectors"] = new JsonArray("ict"),
        ["language"] = language,
        ["consent"] = true,
    };

    public static Task<HttpResponseMessage> RegisterAsync(this TestStack stack, string eventId, JsonObject person)
        => stack.Client.PostAsJsonAsync($"/api/events/{eventId}/registrations", person);

    public static async Task<JsonElement> RegisteredAsync(this TestStack stack, string eventId, JsonObject person)
    {
        var response = await stack.RegisterAsync(eventId, person);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> EventAsync(this TestStack stack, string eventId)
        => await stack.Client.GetFromJsonAsync<JsonElement>($"/api/events/{eventId}");

    /// <summary>Every registration record of an event, through the organiser's paged list.</summary>
    public static async Task<List<JsonElement>> AllRegistrationsAsync(this TestStack stack, string eventId, int pageSize = 100)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var url = $"/api/manage/events/{eventId}/registrations?pageSize={pageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await stack.Organiser.GetFromJsonAsync<JsonElement>(url);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return all;
    }

    /// <summary>The emails (one per personalization) sent to an address, oldest first.</summary>
    public static async Task<List<(JsonElement Request, JsonElement Personalization)>> EmailsToAsync(this TestStack stack, string email)
        => (await stack.OutboxRequestsAsync())
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray().Select(p => (r, p)))
            .Where(x => x.p.GetProperty("to")[0].GetProperty("email").GetString() == email)
            .ToList();

    /// <summary>The id and token of a manage link, from its fragment (<c>#id=…&amp;token=…</c>), as the manage page reads them.</summary>
    public static (string Id, string Token) ManageLink(string manageUrl)
    {
        var fragment = System.Web.HttpUtility.ParseQueryString(new Uri(manageUrl).Fragment.TrimStart('#'));
        return (fragment["id"] ?? throw new ArgumentException("No id in the fragment: " + manageUrl),
            fragment["token"] ?? throw new ArgumentException("No token in the fragment: " + manageUrl));
    }

    public static (string Id, string Token) ManageLink(JsonElement registration) => ManageLink(registration.GetProperty("manageUrl").GetString()!);

    /// <summary>A request to the registration behind a manage link (plus <paramref name="suffix"/>), the token in X-Manage-Token.</summary>
    public static HttpRequestMessage ManageRequest(HttpMethod method, JsonElement registration, string suffix = "")
    {
        var (id, token) = ManageLink(registration);
        var request = new HttpRequestMessage(method, $"/api/registrations/{Uri.EscapeDataString(id)}{suffix}");
        request.Headers.Add("X-Manage-Token", token);
        return request;
    }

    public static Task<HttpResponseMessage> GetRegistrationAsync(this HttpClient client, JsonElement registration)
        => client.SendAsync(ManageRequest(HttpMethod.Get, registration));

    public static Task<HttpResponseMessage> CancelRegistrationAsync(this HttpClient client, JsonElement registration)
        => client.SendAsync(ManageRequest(HttpMethod.Delete, registration));

    public static Task<HttpResponseMessage> GetCalendarAsync(this HttpClient client, JsonElement registration)
        => client.SendAsync(ManageRequest(HttpMethod.Get, registration, "/calendar.ics"));

    /// <summary>What the registrant sees behind their manage link (asserting it opens).</summary>
    public static async Task<JsonElement> RegistrantAsync(this HttpClient client, JsonElement registration)
    {
        var response = await client.GetRegistrationAsync(registration);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
