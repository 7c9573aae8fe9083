using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Catalogue;

/// <summary>
/// The organisers' import over profiles that live on the platform: it replaces what it describes and keeps
/// what was recorded since (memberships, a pending edit); it never brings back a profile its contact withdrew.
/// </summary>
public sealed class ClusterImportTests(TestStack stack) : IClassFixture<TestStack>
{
    private async Task<JsonElement> ImportAsync(string id, JsonObject profile)
    {
        profile["id"] = id;
        using var response = await stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject { ["clusters"] = new JsonArray(profile) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Importing_a_live_profile_again_keeps_its_memberships_and_pending_edit()
    {
        var profile = Clusters.Profile("Imported Live Cluster", sectors: ["ict", "food"]);
        var cluster = await Clusters.ApprovedAsync(stack, profile);
        Assert.Equal(HttpStatusCode.Accepted, (await Clusters.SendAsync(stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/ict", cluster.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/working-groups/ict/members/{cluster.Id}/approve", null)).StatusCode);
        await Clusters.SendAsync(stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/food", cluster.Token);
        await Clusters.SendAsync(stack, HttpMethod.Put, $"/api/clusters/{cluster.Id}/profile", cluster.Token,
            Clusters.Profile("Edited By Its Contact", sectors: ["ict", "food"], email: Clusters.EmailOf(profile)));
        var memberSince = (await stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == cluster.Id).GetProperty("memberSince").GetDateTimeOffset();

        var result = await ImportAsync(cluster.Id, Clusters.Profile("Renamed By The Import", sectors: ["ict", "food"]));

        Assert.Equal("approved", result.GetProperty("status").GetString());
        var mine = await (await Clusters.SendAsync(stack, HttpMethod.Get, $"/api/clusters/{cluster.Id}/profile", cluster.Token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Renamed By The Import", mine.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("Edited By Its Contact", mine.GetProperty("pendingEdit").GetProperty("profile").GetProperty("name").GetString());
        var ict = (await stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == cluster.Id);
        Assert.Equal(memberSince, ict.GetProperty("memberSince").GetDateTimeOffset());
        var waiting = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/working-groups");
        Assert.Contains(cluster.Id, waiting.GetRawText());
    }

    [Fact]
    public async Task A_profile_its_contact_withdrew_is_not_brought_back_by_an_import()
    {
        var cluster = await Clusters.ApprovedAsync(stack, Clusters.Profile("Withdrawn Then Imported Cluster"));
        Assert.Equal(HttpStatusCode.NoContent, (await Clusters.SendAsync(stack, HttpMethod.Delete, $"/api/clusters/{cluster.Id}/profile", cluster.Token)).StatusCode);

        var result = await ImportAsync(cluster.Id, Clusters.Profile("Withdrawn Then Imported Cluster"));

        Assert.Equal("conflict", result.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetAsync($"/api/clusters/{cluster.Id}")).StatusCode);
    }
}
