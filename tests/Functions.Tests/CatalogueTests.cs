using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

public sealed class CatalogueTests : IAsyncLifetime
{
    // A stack per test: each test sees only the catalogue it builds.
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    private static JsonObject Profile(string name, string country = "CZ", string[]? sectors = null, string[]? offers = null, string[]? needs = null,
        string description = "A cluster organisation.", string[]? workingGroups = null, int members = 40) => new()
    {
        ["name"] = name,
        ["country"] = country,
        ["city"] = "Brno",
        ["website"] = "https://cluster.example",
        ["description"] = description,
        ["sectors"] = new JsonArray((sectors ?? ["ict"]).Select(s => (JsonNode)s).ToArray()),
        ["workingGroups"] = new JsonArray((workingGroups ?? []).Select(s => (JsonNode)s).ToArray()),
        ["memberCount"] = members,
        ["memberTypes"] = new JsonArray("companies", "research"),
        ["managementFte"] = 2.5,
        ["offers"] = new JsonArray((offers ?? []).Select(s => (JsonNode)s).ToArray()),
        ["needs"] = new JsonArray((needs ?? []).Select(s => (JsonNode)s).ToArray()),
        ["contact"] = new JsonObject { ["name"] = "Petra Kontaktní", ["email"] = $"contact-{Guid.NewGuid():N}@cluster.example" },
    };

    private async Task<string> SubmitAsync(JsonObject profile)
    {
        var response = await _stack.Client.PostAsJsonAsync("/api/clusters", profile);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetString()!;
    }

    private async Task<string> ApprovedAsync(JsonObject profile)
    {
        var id = await SubmitAsync(profile);
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null)).StatusCode);
        return id;
    }

    private async Task<List<string>> SearchAsync(string query)
        => (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?" + query)).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task A_submitted_profile_is_invisible_until_an_organiser_approves_it_and_the_contact_is_told()
    {
        var profile = Profile("Moravian ICT Cluster", members: 10);
        var id = await SubmitAsync(profile);

        Assert.Empty(await SearchAsync(""));
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync($"/api/clusters/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.PostAsync($"/api/manage/clusters/{id}/approve", null)).StatusCode);
        var pending = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=pending");
        var item = Assert.Single(pending.GetProperty("items").EnumerateArray());
        Assert.False(item.GetProperty("criteria").GetProperty("atLeast15Members").GetBoolean());
        Assert.True(item.GetProperty("criteria").GetProperty("atLeastHalfFteManagement").GetBoolean());
        Assert.True(item.GetProperty("criteria").GetProperty("atLeastTwoMemberTypes").GetBoolean());
        Assert.False(item.GetProperty("meetsCriteria").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null)).StatusCode);

        Assert.Equal([id], await SearchAsync(""));
        var email = profile["contact"]!["email"]!.GetValue<string>();
        // The acknowledgement with the manage link, and the decision (delivered in either order).
        var subjects = (await _stack.EmailsToAsync(email)).Select(e => e.Request.GetProperty("subject").GetString()!).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.Single(subjects, s => s.Contains("received", StringComparison.Ordinal));
        Assert.Single(subjects, s => s.Contains("now in the Clusters Cord catalogue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_profile_stays_out_of_the_catalogue()
    {
        var id = await SubmitAsync(Profile("Rejected Cluster"));

        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{id}/reject", null)).StatusCode);

        Assert.Empty(await SearchAsync(""));
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Organiser.PostAsync("/api/manage/clusters/no-such-cluster/approve", null)).StatusCode);
    }

    [Fact]
    public async Task Contact_emails_never_leave_through_public_routes()
    {
        var profile = Profile("Private Contact Cluster");
        var id = await ApprovedAsync(profile);
        var email = profile["contact"]!["email"]!.GetValue<string>();

        foreach (var path in new[] { "/api/clusters", $"/api/clusters/{id}", $"/api/clusters/{id}/matches", "/api/working-groups/ict" })
        {
            Assert.DoesNotContain(email, await _stack.Client.GetStringAsync(path));
        }
        var shown = await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{id}");
        Assert.Equal("Petra Kontaktní", shown.GetProperty("contact").GetProperty("name").GetString());
        Assert.Contains(email, await _stack.Organiser.GetStringAsync("/api/manage/clusters?status=approved"));
    }

    [Fact]
    public async Task Free_text_ignores_case_and_diacritics_in_every_partner_language()
    {
        var health = await ApprovedAsync(Profile("Klastr Zdraví Morava", description: "Zdravotnické technologie a péče."));
        var lodz = await ApprovedAsync(Profile("Klaster Łódź Medyczny", country: "PL", description: "Innowacje w ochronie zdrowia."));
        var german = await ApprovedAsync(Profile("Gesundheitscluster Oberösterreich", country: "AT", description: "Medizintechnik für Ältere."));
        var hungarian = await ApprovedAsync(Profile("Pannon Egészségipari Klaszter", country: "HU", description: "Gyógyászati eszközök."));

        Assert.Equal([health], await SearchAsync("q=zdravi"));
        Assert.Equal([lodz], await SearchAsync("q=LODZ"));
        Assert.Equal([german], await SearchAsync("q=altere%20medizintechnik"));
        Assert.Equal([hungarian], await SearchAsync("q=egeszsegipari"));
        Assert.Equal([health], await SearchAsync("q=Zdravotnick%C3%A9"));
    }

    [Fact]
    public async Task Filters_combine()
    {
        var match = await ApprovedAsync(Profile("Alpha Food Cluster", country: "IT", sectors: ["food", "tourism"], offers: ["market-access"], workingGroups: ["food"]));
        await ApprovedAsync(Profile("Beta Food Cluster", country: "AT", sectors: ["food"], offers: ["market-access"], workingGroups: ["food"]));
        await ApprovedAsync(Profile("Gamma Tourism Cluster", country: "IT", sectors: ["tourism"], offers: ["funding"]));

        Assert.Equal([match], await SearchAsync("sector=food&country=IT&workingGroup=food&offers=Market%20Access&q=alpha"));
        Assert.Equal(2, (await SearchAsync("offers=market-access")).Count);
        Assert.Equal(2, (await SearchAsync("country=it")).Count);
    }

    [Fact]
    public async Task Paging_over_more_than_a_page_never_repeats_or_skips_while_profiles_are_added()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await ApprovedAsync(Profile($"Cluster {i:D2}")));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?pageSize=5" + (token is null ? "" : "&continuationToken=" + token));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            token = page.GetProperty("continuationToken").GetString();
            // Another cluster joins between pages: one sorting before the cursor, one after.
            ids.Add(await ApprovedAsync(Profile(pages % 2 == 0 ? $"AAA added {pages}" : $"zzz added {pages}")));
            pages++;
        }
        while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(Enumerable.Range(0, 12), i => Assert.Contains(seen, s => s.StartsWith($"cluster-{i:D2}-", StringComparison.Ordinal)));
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task The_answer_carries_an_etag_and_revalidation_is_304_until_the_catalogue_changes()
    {
        await ApprovedAsync(Profile("ETag Cluster"));
        var first = await _stack.Client.GetAsync("/api/clusters?sector=ict");
        var etag = first.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?sector=ict");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await _stack.Client.SendAsync(again);
        await ApprovedAsync(Profile("Another ETag Cluster"));
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?sector=ict");
        afterChange.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var changed = await _stack.Client.SendAsync(afterChange);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("q=%27%20or%20PartitionKey%20ne%20%27")]
    [InlineData("q=Name%20eq%20%27x%27%20and%20Status%20eq%20%27pending%27")]
    [InlineData("q=%22%3B%20DROP%20TABLE%20clusters%3B--")]
    [InlineData("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("offers=%27)%20or%20(1%20eq%201&needs=%25%25")]
    [InlineData("q=..%2F..%2Fetc%2Fpasswd")]
    public async Task Hostile_queries_are_answered_normally(string query)
    {
        await SubmitAsync(Profile("Pending Secret Cluster"));
        await ApprovedAsync(Profile("Visible Cluster"));

        var response = await _stack.Client.GetAsync("/api/clusters?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Pending Secret", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("country=Czechia")]
    [InlineData("sector=mining")]
    [InlineData("pageSize=1000")]
    [InlineData("continuationToken=%25%25%25")]
    public async Task Bad_filter_values_are_a_400_problem(string query)
    {
        var response = await _stack.Client.GetAsync("/api/clusters?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_very_long_query_is_a_400_not_a_500()
    {
        var response = await _stack.Client.GetAsync("/api/clusters?q=" + new string('a', 5000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Submitting_reports_every_bad_field()
    {
        var response = await _stack.Client.PostAsJsonAsync("/api/clusters", new JsonObject
        {
            ["name"] = "",
            ["country"] = "XX",
            ["website"] = "javascript:alert(1)",
            ["sectors"] = new JsonArray("mining"),
            ["memberCount"] = 0,
            ["offers"] = new JsonArray(new string('x', 81)),
            ["contact"] = new JsonObject { ["name"] = "A", ["email"] = "nope" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "country", "website", "description", "sectors", "memberCount", "memberTypes", "offers", "contact.email" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Matches_rank_offers_meeting_needs_both_ways_and_favour_partners_abroad()
    {
        var me = await ApprovedAsync(Profile("Seeker Cluster", country: "CZ", sectors: ["health"],
            offers: ["Technology transfer"], needs: ["market access", "Clinical  Trials"]));
        var both = await ApprovedAsync(Profile("Both Ways Cluster", country: "AT", sectors: ["health"],
            offers: ["Market Access", "clinical trials"], needs: ["technology-transfer"]));
        var sameCountry = await ApprovedAsync(Profile("Same Country Cluster", country: "CZ", sectors: ["health"], offers: ["market-access"]));
        var abroad = await ApprovedAsync(Profile("Abroad Cluster", country: "IT", sectors: ["health"], offers: ["Přístup na trhy"]));
        await ApprovedAsync(Profile("Unrelated Cluster", country: "DE", sectors: ["ict"], offers: ["funding"]));
        var pending = await SubmitAsync(Profile("Pending Match Cluster", country: "AT", sectors: ["health"], offers: ["market-access"]));

        var matches = (await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{me}/matches")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([both, abroad, sameCountry], matches.Select(m => m.GetProperty("clusterId").GetString()));
        var reasons = matches[0].GetProperty("reasons").EnumerateArray()
            .Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("topic").GetString())).ToList();
        Assert.Contains(("theyOffer", "market-access"), reasons);
        Assert.Contains(("theyOffer", "clinical trials"), reasons);
        Assert.Contains(("theyNeed", "technology-transfer"), reasons);
        Assert.DoesNotContain(matches, m => m.GetProperty("clusterId").GetString() == me || m.GetProperty("clusterId").GetString() == pending);
        var again = (await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{me}/matches")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("clusterId").GetString());
        Assert.Equal(matches.Select(m => m.GetProperty("clusterId").GetString()), again);
    }

    [Fact]
    public async Task Working_groups_list_their_members_and_the_next_event_of_their_sector()
    {
        var member = await ApprovedAsync(Profile("Food Group Member", sectors: ["food"], workingGroups: ["food", "tourism"]));
        await ApprovedAsync(Profile("Not In Group", sectors: ["food"]));
        var later = Api.Forum(startsAt: TestStack.Start.AddDays(60));
        later["sectors"] = new JsonArray("food");
        var sooner = Api.Forum(startsAt: TestStack.Start.AddDays(40));
        sooner["sectors"] = new JsonArray("food");
        await _stack.CreateEventAsync(later);
        var next = await _stack.CreateEventAsync(sooner);

        var all = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups");
        var food = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/food");

        var foodItem = all.GetProperty("items").EnumerateArray().Single(g => g.GetProperty("sector").GetString() == "food");
        Assert.Equal(5, all.GetProperty("items").GetArrayLength());
        Assert.Equal(1, foodItem.GetProperty("memberCount").GetInt32());
        Assert.Equal(next, foodItem.GetProperty("nextEventId").GetString());
        Assert.Equal([member], food.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync("/api/working-groups/mining")).StatusCode);
    }

    [Fact]
    public async Task Topics_come_in_the_requested_language()
    {
        var czech = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/topics?lang=cs");

        var marketAccess = czech.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "market-access");
        Assert.Equal("Přístup na trhy", marketAccess.GetProperty("label").GetString());
        Assert.True(czech.GetProperty("items").GetArrayLength() >= 10);
    }

    [Fact]
    public async Task Organisers_can_edit_a_profile_and_the_catalogue_shows_it_at_once()
    {
        var id = await ApprovedAsync(Profile("Before Edit Cluster"));

        var edited = await _stack.Organiser.PutAsJsonAsync($"/api/manage/clusters/{id}", Profile("After Edit Cluster"));

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("After Edit Cluster", (await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_sample_clusters_import_as_approved_and_are_labelled_as_samples()
    {
        var samples = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json")))!;

        var response = await _stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", samples);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(results.Count, 25, 40);
        Assert.All(results, r => Assert.True(r.GetProperty("status").GetString() == "approved", r.ToString()));
        var page = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?pageSize=100");
        Assert.All(page.GetProperty("items").EnumerateArray(), c =>
        {
            Assert.True(c.GetProperty("isSample").GetBoolean());
            Assert.StartsWith("SAMPLE", c.GetProperty("name").GetString());
        });
        var countries = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("country").GetString()).Distinct().Count();
        Assert.True(countries >= 6);
    }
}
