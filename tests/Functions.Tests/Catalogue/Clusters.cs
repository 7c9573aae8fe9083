using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Catalogue;

/// <summary>A submitted profile as its contact holds it: the id, the manage link and the token from its fragment.</summary>
public sealed record SubmittedCluster(string Id, string ManageUrl, string Token);

/// <summary>Profiles for the catalogue tests, submitted and moderated through the API.</summary>
public static class Clusters
{
    public static JsonObject Profile(string name, string country = "CZ", string[]? sectors = null, string[]? offers = null, string[]? needs = null,
        string[]? workingGroups = null, string language = "en", string? email = null) => new()
    {
        ["name"] = name,
        ["country"] = country,
        ["city"] = "Brno",
        ["website"] = "https://cluster.example",
        ["description"] = "A cluster organisation.",
        ["sectors"] = new JsonArray((sectors ?? ["ict"]).Select(s => (JsonNode)s).ToArray()),
        ["workingGroups"] = new JsonArray((workingGroups ?? []).Select(s => (JsonNode)s).ToArray()),
        ["memberCount"] = 40,
        ["memberTypes"] = new JsonArray("companies", "research"),
        ["managementFte"] = 2.5,
        ["offers"] = new JsonArray((offers ?? []).Select(s => (JsonNode)s).ToArray()),
        ["needs"] = new JsonArray((needs ?? []).Select(s => (JsonNode)s).ToArray()),
        ["contact"] = new JsonObject { ["name"] = "Petra Kontaktní", ["email"] = email ?? $"contact-{Guid.NewGuid():N}@cluster.example" },
        ["language"] = language,
    };

    public static string EmailOf(JsonObject profile) => profile["contact"]!["email"]!.GetValue<string>();

    public static async Task<SubmittedCluster> SubmitAsync(TestStack stack, JsonObject profile)
    {
        using var response = await stack.Client.PostAsJsonAsync("/api/clusters", profile);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        var manageUrl = body.GetProperty("manageUrl").GetString()!;
        var fragment = new Uri(manageUrl).Fragment.TrimStart('#').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal(body.GetProperty("id").GetString(), fragment["id"]);
        return new SubmittedCluster(fragment["id"], manageUrl, fragment["token"]);
    }

    public static async Task<SubmittedCluster> ApprovedAsync(TestStack stack, JsonObject profile)
    {
        var submitted = await SubmitAsync(stack, profile);
        using var approved = await stack.Organiser.PostAsync($"/api/manage/clusters/{submitted.Id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return submitted;
    }

    /// <summary>A request as the profile page makes it: the token in the X-Manage-Token header (none when null).</summary>
    public static async Task<HttpResponseMessage> SendAsync(TestStack stack, HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Add("X-Manage-Token", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return await stack.Client.SendAsync(request);
    }

    public static async Task<List<string>> SearchNamesAsync(TestStack stack, string query)
        => (await stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?" + query)).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("name").GetString()!).ToList();
}
