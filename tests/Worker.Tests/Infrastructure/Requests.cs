using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>One side of a comparison: the worker through the fixture, or DevHost.</summary>
public sealed record Side(string Name, HttpClient Client, HttpClient Organiser);

/// <summary>Events and people for the tests, in real time (the worker runs on the system clock).</summary>
public static class Requests
{
    public static JsonObject Forum(DateTimeOffset startsAt, int capacity = 20, params string[] reminders)
    {
        var forum = new JsonObject
        {
            ["type"] = "exchangeForum",
            ["title"] = new JsonObject { ["en"] = "Exchange forum Linz", ["de"] = "Austauschforum Linz" },
            ["description"] = new JsonObject { ["en"] = "Health and energy clusters meet." },
            ["city"] = "Linz",
            ["country"] = "AT",
            ["venue"] = "Tabakfabrik",
            ["startsAt"] = startsAt.ToString("o"),
            ["endsAt"] = startsAt.AddHours(30).ToString("o"),
            ["timeZone"] = "Europe/Vienna",
            ["sectors"] = new JsonArray("health", "energyEnvironment"),
            ["capacity"] = capacity,
            ["registration"] = new JsonObject
            {
                ["opensAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("o"),
                ["closesAt"] = startsAt.ToString("o"),
            },
        };
        if (reminders.Length > 0)
        {
            forum["reminders"] = new JsonArray(reminders.Select(r => (JsonNode)r).ToArray());
        }
        return forum;
    }

    public static JsonObject Person(string email, string firstName = "Jana", string lastName = "Nováková") => new()
    {
        ["firstName"] = firstName,
        ["lastName"] = lastName,
        ["email"] = email,
        ["organisation"] = "Moravian ICT Cluster",
        ["country"] = "CZ",
        ["role"] = "clusterManager",
        ["sectors"] = new JsonArray("ict"),
        ["language"] = "en",
        ["consent"] = true,
    };

    public static string NewId(string kind) => kind + "-" + Guid.NewGuid().ToString("N")[..8];

    public static async Task<string> CreateEventAsync(this Side side, JsonObject forum)
    {
        var id = NewId("forum");
        using var response = await side.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", forum);
        Assert.True((int)response.StatusCode == 201, $"{side.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>Registers and answers the registration's id and manage token (from the fragment of <c>manageUrl</c>).</summary>
    public static async Task<(string Id, string Token)> RegisterAsync(this Side side, string eventId, JsonObject person)
    {
        using var response = await side.Client.PostAsJsonAsync($"/api/events/{eventId}/registrations", person);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"{side.Name}: {(int)response.StatusCode} {body}");
        return Manage(JsonNode.Parse(body)!);
    }

    public static (string Id, string Token) Manage(JsonNode registration)
    {
        var manageUrl = registration["manageUrl"]!.GetValue<string>();
        var fragment = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(manageUrl[manageUrl.IndexOf('#', StringComparison.Ordinal)..].TrimStart('#'));
        return (fragment["id"].ToString(), fragment["token"].ToString());
    }

    public static HttpRequestMessage WithToken(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Manage-Token", token);
        return request;
    }
}
