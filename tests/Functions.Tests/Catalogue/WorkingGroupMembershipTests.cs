using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Catalogue;

/// <summary>Sector working groups: a cluster asks, organisers decide, members are listed with the date they joined, a member leaves.</summary>
public sealed class WorkingGroupMembershipTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task A_cluster_joins_is_approved_is_listed_with_member_since_and_leaves()
    {
        var profile = Clusters.Profile("Czech ICT Cluster", sectors: ["ict", "health"], language: "cs");
        var cluster = await Clusters.ApprovedAsync(_stack, profile);

        using var join = await Clusters.SendAsync(_stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/ict", cluster.Token);
        Assert.Equal(HttpStatusCode.Accepted, join.StatusCode);
        Assert.Equal("pending", (await join.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray());

        var requests = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/working-groups");
        var request = Assert.Single(requests.GetProperty("items").EnumerateArray());
        Assert.Equal(cluster.Id, request.GetProperty("clusterId").GetString());
        Assert.Equal("ict", request.GetProperty("sector").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.GetAsync("/api/manage/working-groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.PostAsync($"/api/manage/working-groups/ict/members/{cluster.Id}/approve", null)).StatusCode);
        using (var byContact = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/working-groups/ict/members/{cluster.Id}/approve"))
        {
            byContact.Headers.Add("X-Manage-Token", cluster.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.SendAsync(byContact)).StatusCode);
        }

        _stack.Time.Advance(TimeSpan.FromDays(3));
        var approvedAt = _stack.Time.GetUtcNow();
        using var approved = await _stack.Organiser.PostAsync($"/api/manage/working-groups/ict/members/{cluster.Id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("member", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var ict = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict");
        var member = Assert.Single(ict.GetProperty("members").EnumerateArray());
        Assert.Equal(cluster.Id, member.GetProperty("id").GetString());
        Assert.Equal(approvedAt, member.GetProperty("memberSince").GetDateTimeOffset());
        Assert.False(member.TryGetProperty("contact", out _));
        Assert.Equal(["Czech ICT Cluster"], await Clusters.SearchNamesAsync(_stack, "workingGroup=ict"));
        var view = await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{cluster.Id}");
        var membership = Assert.Single(view.GetProperty("memberships").EnumerateArray());
        Assert.Equal(approvedAt, membership.GetProperty("memberSince").GetDateTimeOffset());
        Assert.Empty((await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/working-groups")).GetProperty("items").EnumerateArray());

        var subjects = (await _stack.EmailsToAsync(Clusters.EmailOf(profile))).Select(e => Mail.Filled(e.Request, e.Personalization).Subject).ToList();
        Assert.Contains("Czech ICT Cluster je nyní členem pracovní skupiny ICT", subjects);

        Assert.Equal(HttpStatusCode.NoContent, (await Clusters.SendAsync(_stack, HttpMethod.Delete, $"/api/clusters/{cluster.Id}/working-groups/ict", cluster.Token)).StatusCode);
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray());
        Assert.Empty(await Clusters.SearchNamesAsync(_stack, "workingGroup=ict"));
        Assert.Equal(HttpStatusCode.NoContent, (await Clusters.SendAsync(_stack, HttpMethod.Delete, $"/api/clusters/{cluster.Id}/working-groups/ict", cluster.Token)).StatusCode);
    }

    [Fact]
    public async Task Only_an_approved_profile_joins_only_its_own_sectors_and_only_with_its_own_link()
    {
        var pending = await Clusters.SubmitAsync(_stack, Clusters.Profile("Pending Cluster", sectors: ["food"]));
        var approved = await Clusters.ApprovedAsync(_stack, Clusters.Profile("Food Cluster", sectors: ["food"]));

        using var notOwnSector = await Clusters.SendAsync(_stack, HttpMethod.Post, $"/api/clusters/{approved.Id}/working-groups/ict", approved.Token);
        Assert.Equal(HttpStatusCode.BadRequest, notOwnSector.StatusCode);
        Assert.True((await notOwnSector.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sector", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await Clusters.SendAsync(_stack, HttpMethod.Post, $"/api/clusters/{pending.Id}/working-groups/food", pending.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Post, $"/api/clusters/{approved.Id}/working-groups/food", pending.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Post, $"/api/clusters/{approved.Id}/working-groups/mining", approved.Token)).StatusCode);
        Assert.Empty((await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/working-groups")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Organiser.PostAsync($"/api/manage/working-groups/food/members/{approved.Id}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task A_declined_request_is_gone_and_the_contact_is_told()
    {
        var profile = Clusters.Profile("Declined Cluster", sectors: ["tourism"]);
        var cluster = await Clusters.ApprovedAsync(_stack, profile);
        await Clusters.SendAsync(_stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/tourism", cluster.Token);

        using var declined = await _stack.Organiser.PostAsync($"/api/manage/working-groups/tourism/members/{cluster.Id}/decline", null);

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("declined", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Empty((await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/working-groups")).GetProperty("items").EnumerateArray());
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/tourism")).GetProperty("members").EnumerateArray());
        var own = await (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{cluster.Id}/profile", cluster.Token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(own.GetProperty("workingGroups").EnumerateArray());
        var subjects = (await _stack.EmailsToAsync(Clusters.EmailOf(profile))).Select(e => e.Request.GetProperty("subject").GetString()).ToList();
        Assert.Contains("Your request to join the Tourism working group", subjects);
    }
}
