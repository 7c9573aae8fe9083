using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Storage.Shapes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Rows written in the shape the code before the storage shapes wrote (<see cref="TodaysStoredRows"/>), put
/// straight into Azurite, read through the HTTP API exactly like the same records made through the API now;
/// and what the API writes now is the versioned storage shape, not the Domain record.
/// </summary>
public sealed class StoredShapeCompatibilityTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<TableClient> TableAsync(string name)
        => new TableServiceClient((await Azurite.GetAsync()).ConnectionString).GetTableClient(_stack.NamePrefix + name);

    private async Task PutRawAsync(string table, TableEntity row)
    {
        var client = await TableAsync(table);
        await client.CreateIfNotExistsAsync();
        await client.UpsertEntityAsync(row, TableUpdateMode.Replace);
    }

    private async Task<JsonObject> StoredJsonAsync(string table, string partition, string id)
        => JsonNode.Parse((await (await TableAsync(table)).GetEntityAsync<TableEntity>(partition, id)).Value.GetString(JsonColumn.Name))!.AsObject();

    private static string Renamed(string json, string from, string to) => json.Replace(from, to, StringComparison.Ordinal);

    [Fact]
    public async Task An_event_stored_in_todays_shape_answers_like_the_same_event_created_now()
    {
        var forum = Api.Forum();
        forum["reminders"] = new JsonArray("P7D", "PT2H");
        var fresh = await _stack.CreateEventAsync(forum, NewId("fresh"));
        // Created through the API first for its seats record (in the registrations table), then its row put
        // back as today's code wrote it, and the instance's few seconds of event cache let pass.
        var legacy = await _stack.CreateEventAsync(forum.DeepClone().AsObject(), NewId("legacy"));
        await PutRawAsync(TableNames.Events, TodaysStoredRows.EventRow(legacy, TodaysStoredRows.Event, "ExchangeForum", new DateTimeOffset(2027, 2, 10, 9, 0, 0, TimeSpan.Zero)));
        _stack.Time.Advance(TimeSpan.FromSeconds(10));

        foreach (var query in new[] { "", "?lang=de", "?lang=cs" })
        {
            Assert.Equal(await _stack.Client.GetStringAsync($"/api/events/{fresh}{query}"),
                Renamed(await _stack.Client.GetStringAsync($"/api/events/{legacy}{query}"), legacy, fresh));
        }
        var listed = (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/events")).GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetRawText());
        Assert.Equal(listed[fresh], Renamed(listed[legacy], legacy, fresh));
        // The stored event takes registrations like any other, and reading it does not rewrite it.
        var registered = await _stack.RegisteredAsync(legacy, Api.Person($"legacy-{Guid.NewGuid():N}@example.org"));
        Assert.Equal("confirmed", registered.GetProperty("status").GetString());
        Assert.Equal(49, (await _stack.EventAsync(legacy)).GetProperty("seatsLeft").GetInt32());
        Assert.Null((await StoredJsonAsync(TableNames.Events, "programme", legacy))["v"]);
    }

    [Fact]
    public async Task Events_stored_before_audiences_and_known_by_month_keep_their_meaning()
    {
        var before = NewId("before");
        var month = NewId("month");
        await PutRawAsync(TableNames.Events, TodaysStoredRows.EventRow(before, TodaysStoredRows.EventBeforeAudiences, "Training", new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero)));
        await PutRawAsync(TableNames.Events, TodaysStoredRows.EventRow(month, TodaysStoredRows.MonthEvent, "ExchangeForum", null));

        var old = await _stack.EventAsync(before);
        Assert.Equal("training", old.GetProperty("type").GetString());
        Assert.Equal("public", old.GetProperty("audience").GetString());
        Assert.Equal(["P7D", "P1D"], old.GetProperty("reminders").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["food", "tourism"], old.GetProperty("sectors").EnumerateArray().Select(r => r.GetString()));
        var byMonth = await _stack.EventAsync(month);
        Assert.Equal("invited", byMonth.GetProperty("audience").GetString());
        Assert.Equal("2027-04", byMonth.GetProperty("month").GetString());
        Assert.Equal(JsonValueKind.Null, byMonth.GetProperty("startsAt").ValueKind);
        // Invited stays invited: no code, no seat.
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.RegisterAsync(month, Api.Person($"uninvited-{Guid.NewGuid():N}@example.org"))).StatusCode);
    }

    [Fact]
    public async Task A_cluster_stored_in_todays_shape_answers_like_the_same_cluster_imported_now()
    {
        var legacy = NewId("legacy");
        var labelled = NewId("gold");
        await PutRawAsync(TableNames.Clusters, TodaysStoredRows.ClusterRow(legacy, TodaysStoredRows.Cluster, "Cluster " + legacy, "CZ"));
        await PutRawAsync(TableNames.Clusters, TodaysStoredRows.ClusterRow(labelled, TodaysStoredRows.ErasedLabelledCluster, "Gold Cluster " + labelled, "AT"));
        // The import moves the catalogue version on, so the snapshot is built after the raw rows are in.
        var fresh = NewId("fresh");
        await Trust.BenchmarkingFixtures.ImportClustersAsync(_stack, fresh);

        Assert.Equal(await _stack.Client.GetStringAsync($"/api/clusters/{fresh}"),
            Renamed(await _stack.Client.GetStringAsync($"/api/clusters/{legacy}"), legacy, fresh));
        var managed = (await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=approved")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("profile").GetProperty("id").GetString()!, i => i.GetRawText());
        Assert.Equal(managed[fresh], Renamed(managed[legacy], legacy, fresh));
        var searched = (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?sector=health")).GetProperty("items").EnumerateArray();
        var gold = Assert.Single(searched);
        Assert.Equal(labelled, gold.GetProperty("id").GetString());
        var shown = await _stack.Client.GetStringAsync($"/api/clusters/{labelled}");
        Assert.Contains("2028-12-31", shown);
        Assert.Contains("Upper Austria", shown);
        var erased = JsonNode.Parse(managed[labelled])!["profile"]!["contact"]!;
        Assert.Equal("", erased["email"]!.GetValue<string>());
        // Before memberships were kept, workingGroups was a plain list: members since the profile's review.
        var membership = Assert.Single(gold.GetProperty("memberships").EnumerateArray());
        Assert.Equal("energyEnvironment", membership.GetProperty("sector").GetString());
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 9, 0, 0, TimeSpan.Zero), membership.GetProperty("memberSince").GetDateTimeOffset());
        var group = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/energyEnvironment");
        Assert.Contains(group.GetProperty("members").EnumerateArray(), m => m.GetProperty("id").GetString() == labelled);
    }

    [Fact]
    public async Task Erasure_reaches_a_contact_stored_in_todays_shape_and_moves_the_catalogue_on()
    {
        var legacy = NewId("legacy");
        var email = $"contact-{legacy}@cluster.example";
        await PutRawAsync(TableNames.Clusters, TodaysStoredRows.ClusterRow(legacy, TodaysStoredRows.Cluster, "Cluster " + legacy, "CZ"));
        await Trust.BenchmarkingFixtures.ImportClustersAsync(_stack, NewId("other"));
        Assert.Contains(email, await _stack.Organiser.GetStringAsync("/api/manage/clusters?status=approved"));
        var version = (await (await TableAsync(TableNames.Clusters)).GetEntityAsync<TableEntity>("catalogue", "version")).Value.GetInt64("Version");

        var response = await _stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetProperty("clusterContacts").GetInt32());
        Assert.DoesNotContain(email, await _stack.Organiser.GetStringAsync("/api/manage/clusters?status=approved"));
        Assert.DoesNotContain(email, await _stack.Client.GetStringAsync($"/api/clusters/{legacy}"));
        var stored = await StoredJsonAsync(TableNames.Clusters, "profile", legacy);
        Assert.Equal(StoredCluster.Current, stored["v"]!.GetValue<int>());
        Assert.DoesNotContain(email, stored.ToJsonString());
        Assert.True((await (await TableAsync(TableNames.Clusters)).GetEntityAsync<TableEntity>("catalogue", "version")).Value.GetInt64("Version") > version);
    }

    [Fact]
    public async Task A_report_stored_in_todays_shape_answers_and_downloads_like_the_same_report_uploaded_now()
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent("Report"), "title" },
            { new StringContent("2011"), "year" },
            { new StringContent("observers"), "visibility" },
        };
        var part = new ByteArrayContent(Pdf());
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        content.Add(part, "file", "r (1).pdf");
        var uploaded = await _stack.Organiser.PostAsync("/api/manage/benchmarking/reports", content);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var fresh = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var blob = (await StoredJsonAsync(TableNames.Reports, "report", fresh))["blobName"]!.GetValue<string>();
        var legacy = Guid.NewGuid().ToString("N")[..24];
        await PutRawAsync(TableNames.Reports, TodaysStoredRows.ReportRow(legacy, blob));
        using var observer = _stack.NewClient();
        observer.DefaultRequestHeaders.Add("x-functions-key", TestStack.ObserverKey);

        var listed = (await observer.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetRawText());
        Assert.Equal(listed[fresh], Renamed(listed[legacy], legacy, fresh));
        Assert.DoesNotContain(legacy, (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetRawText());
        var download = await observer.GetAsync($"/api/benchmarking/reports/{legacy}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf(), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("r (1).pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task What_the_api_stores_now_is_the_versioned_storage_shape_not_the_domain_record()
    {
        var eventId = await _stack.CreateEventAsync(id: NewId("fresh"));
        var clusterId = NewId("fresh");
        await Trust.BenchmarkingFixtures.ImportClustersAsync(_stack, clusterId);
        var content = new MultipartFormDataContent { { new StringContent("Report"), "title" }, { new StringContent("2011"), "year" }, { new StringContent("public"), "visibility" } };
        var part = new ByteArrayContent(Pdf());
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        content.Add(part, "file", "r.pdf");
        var reportId = (await (await _stack.Organiser.PostAsync("/api/manage/benchmarking/reports", content)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var stored = new[]
        {
            await StoredJsonAsync(TableNames.Events, "programme", eventId),
            await StoredJsonAsync(TableNames.Clusters, "profile", clusterId),
            await StoredJsonAsync(TableNames.Reports, "report", reportId),
        };

        Assert.Equal([1, StoredCluster.Current, 1], stored.Select(row => row["v"]!.GetValue<int>()));
        // Properties the Domain records compute are not data: none of them is stored.
        var computed = new[] { "zone", "hasExactDates", "sortKey", "isErased", "contentType", "downloadName" };
        Assert.All(stored, row => Assert.Empty(computed.Intersect(row.Select(p => p.Key))));
        Assert.Empty(stored[1]["contact"]!.AsObject().Select(p => p.Key).Except(["name", "email"]));
        Assert.Equal("exchangeForum", stored[0]["type"]!.GetValue<string>());
        Assert.Equal(["health", "energyEnvironment"], stored[0]["sectors"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("approved", stored[1]["status"]!.GetValue<string>());
        Assert.Equal("pdf", stored[2]["kind"]!.GetValue<string>());
    }
}
