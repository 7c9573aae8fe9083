using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// The catalogue's bounded staleness: an instance reads the catalogue version from storage at most once per
/// <c>Catalogue:FreshnessBound</c> (on its own clock), sees its own changes at once, and another
/// instance's changes once the bound has passed.
/// </summary>
public sealed class CatalogueFreshnessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly Dictionary<string, string?> Settings = new() { ["Catalogue:FreshnessBound"] = "00:00:05" };

    private static JsonObject Profile(string id, string name) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["country"] = "AT",
        ["city"] = "Linz",
        ["website"] = "https://cluster.example",
        ["description"] = "A cluster organisation.",
        ["sectors"] = new JsonArray("energyEnvironment"),
        ["workingGroups"] = new JsonArray(),
        ["memberCount"] = 30,
        ["memberTypes"] = new JsonArray("companies"),
        ["offers"] = new JsonArray(),
        ["needs"] = new JsonArray(),
        ["contact"] = new JsonObject { ["name"] = "Petra Kontaktní", ["email"] = $"contact-{Guid.NewGuid():N}@cluster.example" },
    };

    private static async Task ImportAsync(TestStack stack, string id, string name)
    {
        var response = await stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject { ["clusters"] = new JsonArray(Profile(id, name)) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<string>> NamesAsync(TestStack stack)
        => (await stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?pageSize=100")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("name").GetString()!).ToList();

    private static async Task<HttpStatusCode> ClusterAsync(TestStack stack, string id) => (await stack.Client.GetAsync($"/api/clusters/{id}")).StatusCode;

    private static int VersionReads(TestStack stack) => stack.Services.GetRequiredService<CachedClusterStore>().VersionReads;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_change_made_on_another_instance_shows_once_the_bound_has_passed_on_the_readers_clock()
    {
        var prefix = TestStack.NewNamePrefix();
        await using var reader = new TestStack { NamePrefix = prefix, OwnClock = true, ExtraSettings = Settings };
        await using var writer = new TestStack { NamePrefix = prefix, OwnClock = true, ExtraSettings = Settings };
        // One after the other: both create the same tables on start.
        await reader.InitializeAsync();
        await writer.InitializeAsync();

        await ImportAsync(writer, "fresh-first", "Fresh First Cluster");
        Assert.Contains("Fresh First Cluster", await NamesAsync(reader)); // the reader's first query asks storage
        var etag = (await reader.Client.GetAsync("/api/clusters?pageSize=100")).Headers.ETag!.Tag;

        await ImportAsync(writer, "fresh-second", "Fresh Second Cluster");

        // The instance that made the change sees it at once.
        Assert.Contains("Fresh Second Cluster", await NamesAsync(writer));
        // The other answers from its snapshot until the bound has passed on its clock, and says so consistently.
        Assert.DoesNotContain("Fresh Second Cluster", await NamesAsync(reader));
        Assert.Equal(HttpStatusCode.NotFound, await ClusterAsync(reader, "fresh-second"));
        using (var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?pageSize=100"))
        {
            revalidate.Headers.TryAddWithoutValidation("If-None-Match", etag);
            Assert.Equal(HttpStatusCode.NotModified, (await reader.Client.SendAsync(revalidate)).StatusCode);
        }
        reader.Time.Advance(Bound - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain("Fresh Second Cluster", await NamesAsync(reader));
        Assert.Equal(1, VersionReads(reader));

        reader.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Contains("Fresh Second Cluster", await NamesAsync(reader));
        Assert.Equal(HttpStatusCode.OK, await ClusterAsync(reader, "fresh-second"));
        Assert.Equal(2, VersionReads(reader));

        // A profile leaving the catalogue: gone at once where it was rejected, after the bound elsewhere.
        Assert.Equal(HttpStatusCode.OK, (await writer.Organiser.PostAsync("/api/manage/clusters/fresh-first/reject", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await ClusterAsync(writer, "fresh-first"));
        Assert.Equal(HttpStatusCode.OK, await ClusterAsync(reader, "fresh-first"));
        reader.Time.Advance(Bound);
        Assert.Equal(HttpStatusCode.NotFound, await ClusterAsync(reader, "fresh-first"));
        Assert.DoesNotContain("Fresh First Cluster", await NamesAsync(reader));
    }

    [Fact]
    public async Task Signatures_show_in_the_catalogue_at_once_and_queries_in_between_read_no_signatories()
    {
        await using var stack = await TestStack.StartOwnAsync(Settings);
        await ImportAsync(stack, "sign-alpha", "Sign Alpha Cluster");
        Assert.Contains("Sign Alpha Cluster", await NamesAsync(stack));
        var signatories = stack.Services.GetRequiredService<CachedAgreementStore>();
        var reads = signatories.SignatoryReads;

        for (var i = 0; i < 20; i++)
        {
            Assert.Contains("Sign Alpha Cluster", await NamesAsync(stack));
            Assert.Equal(HttpStatusCode.OK, await ClusterAsync(stack, "sign-alpha"));
        }
        Assert.Equal(reads, signatories.SignatoryReads);

        // Recorded here: shown by the next answer, with one read of the signatories.
        var signed = await stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = "sign-alpha", signedBy = "Jana Nováková", signedAt = "2012-11-29", place = "Brno" });
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        var item = (await stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == "sign-alpha");
        Assert.Equal("Brno", item.GetProperty("agreement").GetProperty("place").GetString());
        Assert.Equal(reads + 1, signatories.SignatoryReads);

        // Read again once the bound has passed (another instance's signature shows then).
        stack.Time.Advance(Bound);
        await NamesAsync(stack);
        Assert.Equal(reads + 2, signatories.SignatoryReads);
    }

    [Fact]
    public async Task On_one_instance_changes_show_at_once_and_queries_in_between_ask_storage_nothing()
    {
        await using var stack = await TestStack.StartOwnAsync(Settings);
        await ImportAsync(stack, "once-alpha", "Once Alpha Cluster");
        Assert.Contains("Once Alpha Cluster", await NamesAsync(stack));
        var reads = VersionReads(stack);

        for (var i = 0; i < 20; i++)
        {
            Assert.Contains("Once Alpha Cluster", await NamesAsync(stack));
            Assert.Equal(HttpStatusCode.OK, await ClusterAsync(stack, "once-alpha"));
        }
        await ImportAsync(stack, "once-beta", "Once Beta Cluster");
        Assert.Contains("Once Beta Cluster", await NamesAsync(stack));
        var edited = await stack.Organiser.PutAsJsonAsync("/api/manage/clusters/once-beta", Profile("once-beta", "Once Beta Cluster Renamed"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Contains("Once Beta Cluster Renamed", await NamesAsync(stack));
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync("/api/manage/clusters/once-alpha/reject", null)).StatusCode);
        Assert.DoesNotContain("Once Alpha Cluster", await NamesAsync(stack));

        // Forty queries and three changes within the bound: the version was not read again (a change here
        // is known from its own write).
        Assert.Equal(reads, VersionReads(stack));
    }

    [Fact]
    public async Task Once_the_bound_has_passed_concurrent_queries_make_one_version_read()
    {
        await using var stack = await TestStack.StartOwnAsync(Settings);
        await ImportAsync(stack, "flight-one", "Flight One Cluster");
        Assert.Contains("Flight One Cluster", await NamesAsync(stack));
        var reads = VersionReads(stack);

        stack.Time.Advance(Bound);
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => NamesAsync(stack)));

        Assert.All(answers, names => Assert.Contains("Flight One Cluster", names));
        Assert.Equal(reads + 1, VersionReads(stack));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    [InlineData("01:00:00")]
    public async Task A_freshness_bound_that_is_not_positive_or_is_too_long_stops_the_start(string bound)
    {
        var stack = new TestStack { ExtraSettings = new Dictionary<string, string?> { ["Catalogue:FreshnessBound"] = bound } };
        try
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(stack.InitializeAsync);
            Assert.Contains("FreshnessBound", refused.ToString());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }
}
