using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Cooperation;

/// <summary>A cluster of the catalogue as its contact acts for it: its id, contact address and profile token.</summary>
public sealed record ClusterActor(string Id, string Name, string Email, string Token);

/// <summary>Approved clusters made through the API, and requests made with a cluster's manage token.</summary>
public static class Clusters
{
    public static async Task<ClusterActor> ApprovedAsync(this TestStack stack, string name, string country = "CZ", string language = "en",
        string[]? workingGroups = null, bool approve = true)
    {
        var email = $"contact-{Guid.NewGuid():N}@cluster.example";
        var profile = new JsonObject
        {
            ["name"] = name,
            ["country"] = country,
            ["city"] = "Brno",
            ["description"] = "A cluster organisation.",
            ["sectors"] = new JsonArray("ict", "health"),
            ["workingGroups"] = new JsonArray((workingGroups ?? ["ict"]).Select(s => (JsonNode)s).ToArray()),
            ["memberCount"] = 40,
            ["memberTypes"] = new JsonArray("companies", "research"),
            ["managementFte"] = 2.5,
            ["contact"] = new JsonObject { ["name"] = "Contact of " + name, ["email"] = email },
            ["language"] = language,
        };
        var submitted = await stack.Client.PostAsJsonAsync("/api/clusters", profile);
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        if (approve)
        {
            Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null)).StatusCode);
        }
        var token = stack.Services.GetRequiredService<RegistrationLinks>().Tokens.ForCluster(id);
        return new ClusterActor(id, name, email, token);
    }

    public static Task<HttpResponseMessage> AsAsync(this TestStack stack, ClusterActor actor, HttpMethod method, string path, object? json = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Manage-Token", token ?? actor.Token);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return stack.Client.SendAsync(request);
    }

    /// <summary>The introduction emails a contact received (not the catalogue's approval email), oldest first.</summary>
    public static async Task<List<(JsonElement Request, JsonElement Personalization)>> IntroductionEmailsToAsync(this TestStack stack, string email)
        => [.. (await stack.EmailsToAsync(email)).Where(e => e.Request.TryGetProperty("categories", out var categories)
            && categories.EnumerateArray().Any(c => c.GetString()!.StartsWith("introduction", StringComparison.Ordinal)))];

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
