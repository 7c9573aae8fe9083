using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Catalogue;

/// <summary>A cluster contact's manage link: the own view, edits through moderation, withdrawal, erasure.</summary>
public sealed class ClusterSelfServiceTests : IAsyncLifetime
{
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task The_manage_link_opens_the_profile_and_a_missing_wrong_or_other_clusters_token_does_not()
    {
        var profile = Clusters.Profile("Moravský ICT klastr", language: "cs");
        var mine = await Clusters.SubmitAsync(_stack, profile);
        var other = await Clusters.SubmitAsync(_stack, Clusters.Profile("Other Cluster"));

        Assert.StartsWith(_stack.BaseAddress + "profile.html#id=" + mine.Id + "&token=", mine.ManageUrl);
        using var own = await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{mine.Id}/profile", mine.Token);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var view = await own.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", view.GetProperty("status").GetString());
        Assert.Equal("cs", view.GetProperty("language").GetString());
        Assert.Equal(Clusters.EmailOf(profile), view.GetProperty("profile").GetProperty("contact").GetProperty("email").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{mine.Id}/profile", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{mine.Id}/profile", other.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{mine.Id}/profile", mine.Token[..^2] + "xx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Delete, $"/api/clusters/{mine.Id}/profile", other.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Get, "/api/clusters/no-such-cluster/profile", mine.Token)).StatusCode);
        using var inQuery = await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{mine.Id}/profile?token={mine.Token}", mine.Token);
        Assert.Equal(HttpStatusCode.BadRequest, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{mine.Id}/profile", mine.Token)).StatusCode);

        // The acknowledgement, in the contact's language, carries the same link.
        var (request, personalization) = Assert.Single(await _stack.EmailsToAsync(Clusters.EmailOf(profile)));
        var (subject, text, _) = Mail.Filled(request, personalization);
        Assert.Contains("přijali", subject);
        Assert.Contains(mine.ManageUrl, text);
    }

    [Fact]
    public async Task An_edit_of_an_approved_profile_stays_private_until_organisers_approve_it_and_a_rejected_edit_leaves_the_approved_version()
    {
        var profile = Clusters.Profile("Before Cluster");
        var submitted = await Clusters.ApprovedAsync(_stack, profile);

        using var edit = await Clusters.SendAsync(_stack, HttpMethod.Put, $"/api/clusters/{submitted.Id}/profile", submitted.Token,
            Clusters.Profile("After Cluster", email: Clusters.EmailOf(profile)));
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var own = await edit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", own.GetProperty("status").GetString());
        Assert.Equal("Before Cluster", own.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("After Cluster", own.GetProperty("pendingEdit").GetProperty("profile").GetProperty("name").GetString());

        Assert.Equal("Before Cluster", await PublicNameAsync(submitted.Id));
        Assert.Equal(["Before Cluster"], await Clusters.SearchNamesAsync(_stack, ""));
        var moderation = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=pending");
        var item = Assert.Single(moderation.GetProperty("items").EnumerateArray());
        Assert.Equal("approved", item.GetProperty("status").GetString());
        Assert.Equal("After Cluster", item.GetProperty("pendingEdit").GetProperty("profile").GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{submitted.Id}/approve", null)).StatusCode);
        Assert.Equal("After Cluster", await PublicNameAsync(submitted.Id));

        await Clusters.SendAsync(_stack, HttpMethod.Put, $"/api/clusters/{submitted.Id}/profile", submitted.Token,
            Clusters.Profile("Third Name Cluster", email: Clusters.EmailOf(profile)));
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{submitted.Id}/reject", null)).StatusCode);
        Assert.Equal("After Cluster", await PublicNameAsync(submitted.Id));
        var after = await (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{submitted.Id}/profile", submitted.Token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", after.GetProperty("status").GetString());
        Assert.False(after.TryGetProperty("pendingEdit", out _));

        var subjects = (await _stack.EmailsToAsync(Clusters.EmailOf(profile))).Select(e => e.Request.GetProperty("subject").GetString()!).ToList();
        Assert.Equal(4, subjects.Count);
        Assert.Contains(subjects, s => s.Contains("changes to After Cluster are now in the catalogue", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.Contains("were not approved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pending_profile_is_edited_in_place_and_an_invalid_edit_changes_nothing()
    {
        var profile = Clusters.Profile("Draft Cluster");
        var submitted = await Clusters.SubmitAsync(_stack, profile);

        var bad = Clusters.Profile("", email: Clusters.EmailOf(profile));
        bad["sectors"] = new JsonArray("mining");
        using var refused = await Clusters.SendAsync(_stack, HttpMethod.Put, $"/api/clusters/{submitted.Id}/profile", submitted.Token, bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("sectors", out _));

        using var edited = await Clusters.SendAsync(_stack, HttpMethod.Put, $"/api/clusters/{submitted.Id}/profile", submitted.Token,
            Clusters.Profile("Final Cluster", email: Clusters.EmailOf(profile)));
        var own = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", own.GetProperty("status").GetString());
        Assert.Equal("Final Cluster", own.GetProperty("profile").GetProperty("name").GetString());
        Assert.False(own.TryGetProperty("pendingEdit", out _));
        var moderation = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=pending");
        Assert.Equal("Final Cluster", Assert.Single(moderation.GetProperty("items").EnumerateArray()).GetProperty("profile").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Withdrawing_takes_the_profile_out_of_search_matches_and_working_groups_and_erases_its_contact()
    {
        var leaving = Clusters.Profile("Leaving Cluster", offers: ["market-access"], workingGroups: ["ict"]);
        var gone = await Clusters.ApprovedAsync(_stack, leaving);
        var stays = await Clusters.ApprovedAsync(_stack, Clusters.Profile("Staying Cluster", country: "AT", needs: ["market-access"]));
        Assert.Contains(gone.Id, await MatchIdsAsync(stays.Id));
        Assert.Contains("Leaving Cluster", await Clusters.SearchNamesAsync(_stack, "workingGroup=ict"));

        Assert.Equal(HttpStatusCode.NoContent, (await Clusters.SendAsync(_stack, HttpMethod.Delete, $"/api/clusters/{gone.Id}/profile", gone.Token)).StatusCode);

        Assert.Equal(["Staying Cluster"], await Clusters.SearchNamesAsync(_stack, ""));
        Assert.Empty(await Clusters.SearchNamesAsync(_stack, "workingGroup=ict"));
        Assert.DoesNotContain(gone.Id, await MatchIdsAsync(stays.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync($"/api/clusters/{gone.Id}")).StatusCode);
        var ict = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict");
        Assert.Empty(ict.GetProperty("members").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{gone.Id}/profile", gone.Token)).StatusCode);
        var withdrawn = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=withdrawn");
        var row = Assert.Single(withdrawn.GetProperty("items").EnumerateArray());
        Assert.Equal("Leaving Cluster", row.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("", row.GetProperty("profile").GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{gone.Id}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task Erasure_by_the_contacts_email_reaches_the_profile_and_its_pending_edit()
    {
        var profile = Clusters.Profile("Erased Contact Cluster");
        var email = Clusters.EmailOf(profile);
        var submitted = await Clusters.ApprovedAsync(_stack, profile);
        await Clusters.SendAsync(_stack, HttpMethod.Put, $"/api/clusters/{submitted.Id}/profile", submitted.Token,
            Clusters.Profile("Erased Contact Cluster Renamed", email: email));

        using var erased = await _stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email });
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());

        var own = await (await Clusters.SendAsync(_stack, HttpMethod.Get, $"/api/clusters/{submitted.Id}/profile", submitted.Token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(email, own.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Petra", own.ToString(), StringComparison.Ordinal);
        Assert.Equal("Erased Contact Cluster Renamed", own.GetProperty("pendingEdit").GetProperty("profile").GetProperty("name").GetString());
        var moderation = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=pending");
        Assert.DoesNotContain(email, moderation.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string?> PublicNameAsync(string id)
        => (await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{id}")).GetProperty("name").GetString();

    private async Task<List<string>> MatchIdsAsync(string id)
        => (await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{id}/matches")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("clusterId").GetString()!).ToList();
}
