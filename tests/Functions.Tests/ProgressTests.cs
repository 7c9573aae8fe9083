using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Progress;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// GET /api/progress (counts only, sample data left out, participant counts made at most once per
/// Progress:CountsMaxAge), and what the results pages need from benchmarking: a document's kind, an
/// indicator's area.
/// </summary>
public sealed class ProgressTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Progress:CountsMaxAge"] = "00:01:00" };

    private static JsonObject Cluster(string id, bool sample, params string[] workingGroups) => new()
    {
        ["id"] = id,
        ["name"] = (sample ? "SAMPLE " : "") + "Cluster " + id,
        ["country"] = "AT",
        ["city"] = "Linz",
        ["website"] = "https://cluster.example",
        ["description"] = "A cluster organisation.",
        ["sectors"] = new JsonArray("ict"),
        ["workingGroups"] = new JsonArray(workingGroups.Select(g => (JsonNode)g).ToArray()),
        ["memberCount"] = 30,
        ["memberTypes"] = new JsonArray("companies"),
        ["offers"] = new JsonArray(),
        ["needs"] = new JsonArray(),
        ["contact"] = new JsonObject { ["name"] = "Petra Kontaktní", ["email"] = $"contact-{Guid.NewGuid():N}@cluster.example" },
        ["isSample"] = sample,
    };

    private static JsonObject Person(string email, string country, params string[] sectors)
    {
        var person = Api.Person(email);
        person["country"] = country;
        person["sectors"] = new JsonArray(sectors.Select(s => (JsonNode)s).ToArray());
        return person;
    }

    private static JsonObject PastConference()
    {
        var body = Api.Forum();
        body["type"] = "conference";
        body["startsAt"] = "2012-03-01T09:00:00+01:00";
        body["endsAt"] = "2012-03-01T17:00:00+01:00";
        body["registration"] = new JsonObject { ["opensAt"] = "2012-01-01T00:00:00+01:00", ["closesAt"] = "2012-02-20T00:00:00+01:00" };
        return body;
    }

    private static async Task<JsonElement> ProgressAsync(TestStack stack)
    {
        var response = await stack.Client.GetAsync("/api/progress");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, int> Counts(JsonElement items, string key)
        => items.EnumerateArray().ToDictionary(i => i.GetProperty(key).GetString()!, i => i.GetProperty("count").GetInt32());

    [Fact]
    public async Task Progress_counts_confirmed_participants_by_country_and_sector_and_clusters_per_group_without_sample_data()
    {
        await using var stack = await TestStack.StartOwnAsync(Settings);
        var forum = await stack.CreateEventAsync(Api.Forum(capacity: 2));
        await stack.CreateEventAsync(PastConference());
        await stack.RegisteredAsync(forum, Person("cz.one@example.org", "CZ", "ict"));
        await stack.RegisteredAsync(forum, Person("at.two@example.org", "AT", "health", "ict"));
        var waitlisted = await stack.RegisteredAsync(forum, Person("sk.three@example.org", "SK", "food"));
        Assert.Equal("waitlisted", waitlisted.GetProperty("status").GetString());
        (await stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject
        {
            ["clusters"] = new JsonArray(Cluster("real-one", false, "ict", "health"), Cluster("real-two", false, "ict"), Cluster("demo", true, "ict", "food")),
        })).EnsureSuccessStatusCode();

        var progress = await ProgressAsync(stack);

        var events = progress.GetProperty("events");
        Assert.Equal((1, 1), (events.GetProperty("held").GetInt32(), events.GetProperty("upcoming").GetInt32()));
        Assert.Equal(new Dictionary<string, int> { ["conference"] = 1 }, Counts(events.GetProperty("heldByType"), "type"));
        var participants = progress.GetProperty("participants");
        Assert.Equal(2, participants.GetProperty("confirmed").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["AT"] = 1, ["CZ"] = 1 }, Counts(participants.GetProperty("byCountry"), "country"));
        var sectors = Counts(participants.GetProperty("bySector"), "sector");
        Assert.Equal((2, 1, 0), (sectors["ict"], sectors["health"], sectors["food"]));
        var clusters = progress.GetProperty("clusters");
        Assert.Equal(2, clusters.GetProperty("inCatalogue").GetInt32());
        var groups = Counts(clusters.GetProperty("byWorkingGroup"), "sector");
        Assert.Equal((2, 1, 0), (groups["ict"], groups["health"], groups["food"]));
        var text = progress.GetRawText();
        Assert.DoesNotContain("example.org", text);
        Assert.DoesNotContain("Nov", text);
    }

    [Fact]
    public async Task Participants_are_counted_once_per_bound_whatever_the_requests_and_again_after_it()
    {
        await using var stack = await TestStack.StartOwnAsync(Settings);
        var forum = await stack.CreateEventAsync();
        await stack.RegisteredAsync(forum, Person("first@example.org", "CZ", "ict"));
        var counter = stack.Services.GetRequiredService<ParticipantCounts>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ProgressAsync(stack)));
        Assert.Equal(1, (await ProgressAsync(stack)).GetProperty("participants").GetProperty("confirmed").GetInt32());
        Assert.Equal(1, counter.Counts);

        await stack.RegisteredAsync(forum, Person("second@example.org", "AT", "ict"));
        Assert.Equal(1, (await ProgressAsync(stack)).GetProperty("participants").GetProperty("confirmed").GetInt32());
        stack.Time.Advance(TimeSpan.FromSeconds(61));

        var after = (await ProgressAsync(stack)).GetProperty("participants");
        Assert.Equal(2, after.GetProperty("confirmed").GetInt32());
        Assert.Equal(2, counter.Counts);
        Assert.Equal(stack.Time.GetUtcNow(), after.GetProperty("countedAt").GetDateTimeOffset());
    }

    private static async Task<HttpResponseMessage> UploadAsync(TestStack stack, string title, string? kind)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(title), "title" }, { new StringContent("2012"), "year" }, { new StringContent("public"), "visibility" },
        };
        if (kind is not null)
        {
            content.Add(new StringContent(kind), "kind");
        }
        var part = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"));
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        content.Add(part, "file", "doc.pdf");
        return await stack.Organiser.PostAsync("/api/manage/benchmarking/reports", content);
    }

    [Fact]
    public async Task A_document_has_a_kind_benchmarking_report_unless_told_and_an_unknown_kind_is_refused_storing_nothing()
    {
        await using var stack = new TestStack();
        await stack.InitializeAsync();

        var refused = await UploadAsync(stack, "Brochure", "brochure");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("policyRecommendation", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("kind")[0].GetString());
        Assert.Equal("policyRecommendation", (await (await UploadAsync(stack, "Recommendations", "policyRecommendation")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(stack, "Report", null)).StatusCode);

        var listed = (await stack.Client.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("title").GetString()!, r => r.GetProperty("kind").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["Recommendations"] = "policyRecommendation", ["Report"] = "benchmarkingReport" }, listed);
    }

    [Fact]
    public async Task An_indicator_carries_the_area_it_was_imported_with()
    {
        await using var stack = new TestStack();
        await stack.InitializeAsync();
        var ids = Enumerable.Range(1, 5).Select(i => $"area-{i}").ToArray();
        (await stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject
        {
            ["clusters"] = new JsonArray(ids.Select(id => (JsonNode)Cluster(id, false)).ToArray()),
        })).EnsureSuccessStatusCode();
        var csv = new StringBuilder("clusterId,year,indicator,value,unit,area\n");
        foreach (var id in ids)
        {
            csv.Append($"{id},2011,Staff,4,FTE,governance\n{id},2011,Events,9,count,\n");
        }
        (await stack.Organiser.PostAsync("/api/manage/benchmarking/indicators", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();

        var items = (await stack.Client.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2011")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("indicator").GetString()!);

        Assert.Equal("governance", items["Staff"].GetProperty("area").GetString());
        Assert.False(items["Events"].TryGetProperty("area", out _));
    }
}
