using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

public sealed class BenchmarkingTests : IAsyncLifetime
{
    private const int Limit = 64 * 1024;
    private readonly TestStack _stack = new() { ExtraSettings = new Dictionary<string, string?> { ["Benchmarking:MaxUploadBytes"] = Limit.ToString() } };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    private static byte[] Pdf(int padding = 0) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + new string('x', padding) + "\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static byte[] Xlsx() => Trust.BenchmarkingFixtures.Workbook();

    private async Task<HttpResponseMessage> UploadAsync(byte[] file, string fileName, string visibility = "public", string title = "Benchmarking report 2011",
        string declaredType = "application/pdf", HttpClient? client = null)
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent(title), "title");
        content.Add(new StringContent("2011"), "year");
        content.Add(new StringContent(visibility), "visibility");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(declaredType);
        content.Add(part, "file", fileName);
        return await (client ?? _stack.Organiser).PostAsync("/api/manage/benchmarking/reports", content);
    }

    private async Task<int> CommittedBlobsAsync()
    {
        var container = await _stack.Services.GetRequiredService<StorageContainers>().GetAsync(ContainerNames.Documents, CancellationToken.None);
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }
        return count;
    }

    private async Task<int> StoredReportsAsync()
        => (await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task A_pdf_xlsx_and_csv_are_stored_with_their_hash_and_come_back_with_their_name()
    {
        var pdf = Pdf();
        var created = await UploadAsync(pdf, "Benchmarking Report 2011 (final).pdf");
        var xlsx = await UploadAsync(Xlsx(), "indicators.xlsx", declaredType: "application/octet-stream");
        var csv = await UploadAsync(Encoding.UTF8.GetBytes("cluster,members\nsample-a,40\n"), "table.csv", declaredType: "text/plain");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, xlsx.StatusCode);
        Assert.Equal(HttpStatusCode.Created, csv.StatusCode);
        var report = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), report.GetProperty("sha256").GetString());
        Assert.Equal(pdf.Length, report.GetProperty("size").GetInt64());
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (await xlsx.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString());
        var download = await _stack.Client.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Benchmarking Report 2011 (final).pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "a renamed executable", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00], "report.pdf" },
        { "an ELF binary", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], "data.csv" },
        { "an empty file", [], "empty.pdf" },
        { "a truncated PDF", Pdf()[..40], "report.pdf" },
        { "a zip that is not a workbook", ZipOf("readme.txt"), "book.xlsx" },
    };

    private static byte[] ZipOf(string entry)
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write("hello");
        }
        return memory.ToArray();
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Files_that_are_not_pdf_xlsx_or_csv_by_content_are_refused_and_nothing_is_stored(string what, byte[] file, string name)
    {
        var response = await UploadAsync(file, name);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(0, await StoredReportsAsync());
        Assert.Equal(0, await CommittedBlobsAsync());
    }

    [Fact]
    public async Task A_file_one_byte_over_the_limit_is_413_and_nothing_is_stored()
    {
        var atLimit = Pdf(Limit - Pdf().Length);
        var over = Pdf(Limit - Pdf().Length + 1);
        Assert.Equal(Limit, atLimit.Length);

        var refused = await UploadAsync(over, "big.pdf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(0, await StoredReportsAsync());
        Assert.Equal(0, await CommittedBlobsAsync());

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(atLimit, "exact.pdf")).StatusCode);
    }

    [Fact]
    public async Task Bad_fields_are_reported_together_and_store_nothing()
    {
        var response = await UploadAsync(Pdf(), "r.pdf", visibility: "everyone", title: "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("visibility", out _));
        Assert.Equal(0, await CommittedBlobsAsync());
    }

    [Fact]
    public async Task Uploading_needs_the_organiser_key_and_the_observer_key_is_not_enough()
    {
        using var observer = _stack.NewClient();
        observer.DefaultRequestHeaders.Add("x-functions-key", TestStack.ObserverKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(Pdf(), "r.pdf", client: _stack.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(Pdf(), "r.pdf", client: observer)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await observer.GetAsync("/api/manage/events/x/registrations")).StatusCode);
    }

    [Fact]
    public async Task The_visibility_matrix_holds_for_listing_and_download()
    {
        var ids = new Dictionary<string, string>();
        foreach (var visibility in new[] { "public", "observers", "organisers" })
        {
            var created = await UploadAsync(Pdf(), $"{visibility}.pdf", visibility: visibility, title: visibility);
            ids[visibility] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        using var observer = _stack.NewClient();
        observer.DefaultRequestHeaders.Add("x-functions-key", TestStack.ObserverKey);
        var audiences = new Dictionary<string, (HttpClient Client, string[] Sees)>
        {
            ["anonymous"] = (_stack.Client, ["public"]),
            ["observer"] = (observer, ["public", "observers"]),
            ["organiser"] = (_stack.Organiser, ["public", "observers", "organisers"]),
        };

        foreach (var (who, (client, sees)) in audiences)
        {
            var listed = (await client.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").EnumerateArray()
                .Select(r => r.GetProperty("visibility").GetString()).Order();
            Assert.True(sees.Order().SequenceEqual(listed), who);
            foreach (var (visibility, id) in ids)
            {
                var download = await client.GetAsync($"/api/benchmarking/reports/{id}/content");
                Assert.True((sees.Contains(visibility) ? HttpStatusCode.OK : HttpStatusCode.NotFound) == download.StatusCode, $"{who} {visibility}");
            }
        }
    }

    [Fact]
    public async Task Indicator_import_reports_bad_lines_imports_good_ones_and_is_idempotent()
    {
        const string csv = """
            clusterId,year,indicator,value,unit,area
            alpha,2011,members,40,count,structure
            beta,2011,members,25,count,structure
            gamma,2011,members,abc,count,structure
            Not An Id,2011,members,10,count,structure
            delta,1800,members,10,count,structure
            alpha,2011,members,41,count,structure
            epsilon,2011,members,12,people,structure
            zeta,2011,budget,"1,5",EUR,financing
            eta,2011,budget,150000.50,EUR,finances
            theta,2011,budget,99000,EUR,
            """;
        await Trust.BenchmarkingFixtures.ImportClustersAsync(_stack, "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta");

        var first = await ImportAsync(csv);
        var second = await ImportAsync(csv);

        Assert.Equal(3, first.GetProperty("imported").GetInt32());
        Assert.Equal(3, first.GetProperty("changed").GetInt32());
        var rejected = first.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([4, 5, 6, 7, 8, 9, 10], rejected.Keys.Order());
        Assert.StartsWith("value", rejected[4]);
        Assert.StartsWith("clusterId", rejected[5]);
        Assert.StartsWith("year", rejected[6]);
        Assert.Contains("line 2", rejected[7]);
        Assert.StartsWith("unit", rejected[8]);
        Assert.StartsWith("area", rejected[10]);
        Assert.Equal(0, second.GetProperty("changed").GetInt32());
        // Two clusters are too few for the public (see the trust tests); organisers see the group.
        var summary = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2011");
        var members = summary.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("indicator").GetString() == "members");
        Assert.Equal(2, members.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Quartiles_are_percentile_inc_on_odd_and_even_counts_and_ties()
    {
        // odd: 1,2,3,4,100  → p25 2, median 3, p75 4
        // even: 10,20,30,40 → p25 17.5, median 25, p75 32.5
        // ties: 5,5,5,7     → p25 5, median 5, p75 5.5
        var rows = new StringBuilder("clusterId,year,indicator,value,unit\n");
        var odd = new[] { 4m, 100m, 1m, 3m, 2m };
        var even = new[] { 40m, 10m, 30m, 20m };
        var ties = new[] { 5m, 7m, 5m, 5m };
        foreach (var (name, values) in new[] { ("odd", odd), ("even", even), ("ties", ties) })
        {
            for (var i = 0; i < values.Length; i++)
            {
                rows.Append($"c{i},2012,{name},{values[i]},pts\n");
            }
        }
        await Trust.BenchmarkingFixtures.ImportClustersAsync(_stack, "c0", "c1", "c2", "c3", "c4");
        await ImportAsync(rows.ToString());

        var summary = (await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2012")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("indicator").GetString()!);
        Assert.Equal((1m, 2m, 3m, 4m, 100m), Quartiles(summary["odd"]));
        Assert.Equal((10m, 17.5m, 25m, 32.5m, 40m), Quartiles(summary["even"]));
        Assert.Equal((5m, 5m, 5m, 5.5m, 7m), Quartiles(summary["ties"]));

        var standing = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/clusters/c1?year=2012");
        var oddStanding = standing.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("indicator").GetString() == "odd");
        Assert.Equal(100m, oddStanding.GetProperty("value").GetDecimal());
        Assert.Equal(100m, oddStanding.GetProperty("percentile").GetDecimal());
        Assert.Equal(2.5m, oddStanding.GetProperty("peerMedian").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Organiser.GetAsync("/api/benchmarking/clusters/nobody?year=2012")).StatusCode);
    }

    [Fact]
    public async Task A_cluster_whose_contact_withdrew_it_counts_in_no_statistic_takes_no_new_values_and_fixes_no_unit()
    {
        var staying = new List<Catalogue.SubmittedCluster>();
        for (var i = 0; i < 3; i++)
        {
            staying.Add(await Catalogue.Clusters.ApprovedAsync(_stack, Catalogue.Clusters.Profile($"Staying Benchmarked Cluster {i}")));
        }
        var leaving = await Catalogue.Clusters.ApprovedAsync(_stack, Catalogue.Clusters.Profile("Leaving Benchmarked Cluster"));
        // Awaiting review: a cluster of the project, so it counts, in its sector too.
        var pending = await Catalogue.Clusters.SubmitAsync(_stack, Catalogue.Clusters.Profile("Pending Benchmarked Cluster", sectors: ["ict"]));
        var rows = new StringBuilder("clusterId,year,indicator,value,unit\n");
        for (var i = 0; i < 3; i++)
        {
            rows.Append($"{staying[i].Id},2013,staff,{(i + 1) * 10},fte\n");
        }
        rows.Append($"{pending.Id},2013,staff,40,fte\n");
        rows.Append($"{leaving.Id},2013,staff,1000,fte\n");
        rows.Append($"{leaving.Id},2013,budget,5,EUR\n");
        Assert.Equal(6, (await ImportAsync(rows.ToString())).GetProperty("imported").GetInt32());
        Assert.Equal((5, 1000m), Staff(await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2013")));

        Assert.Equal(HttpStatusCode.NoContent, (await Catalogue.Clusters.SendAsync(_stack, HttpMethod.Delete, $"/api/clusters/{leaving.Id}/profile", leaving.Token)).StatusCode);

        var summary = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2013");
        Assert.Equal((4, 40m), Staff(summary));
        Assert.Equal(25m, summary.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("indicator").GetString() == "staff").GetProperty("median").GetDecimal());
        Assert.DoesNotContain(summary.GetProperty("items").EnumerateArray(), i => i.GetProperty("indicator").GetString() == "budget");
        Assert.Equal((4, 40m), Staff(await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2013&sector=ict")));
        var standing = await _stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/benchmarking/clusters/{staying[0].Id}?year=2013");
        Assert.Equal(3, standing.GetProperty("items")[0].GetProperty("peers").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Organiser.GetAsync($"/api/benchmarking/clusters/{leaving.Id}?year=2013")).StatusCode);
        var again = await ImportAsync($"clusterId,year,indicator,value,unit\n{leaving.Id},2013,budget,5,EUR\n");
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.StartsWith("clusterId", again.GetProperty("rejected")[0].GetProperty("reason").GetString());
        // The withdrawn cluster's stored values no longer fix an indicator's unit.
        Assert.Equal(1, (await ImportAsync($"clusterId,year,indicator,value,unit\n{staying[0].Id},2013,budget,5000,kEUR\n")).GetProperty("imported").GetInt32());

        static (int Count, decimal Max) Staff(JsonElement summary)
        {
            var staff = summary.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("indicator").GetString() == "staff");
            return (staff.GetProperty("count").GetInt32(), staff.GetProperty("max").GetDecimal());
        }
    }

    [Fact]
    public async Task A_table_without_the_required_columns_or_as_another_media_type_is_refused()
    {
        var noColumns = await _stack.Organiser.PostAsync("/api/manage/benchmarking/indicators", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"));
        var json = await _stack.Organiser.PostAsync("/api/manage/benchmarking/indicators", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, noColumns.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task The_sample_report_and_indicator_table_load()
    {
        var pdf = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-report.pdf"));
        var table = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-indicators.csv"));

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(pdf, "sample-report.pdf", title: "SAMPLE benchmarking report")).StatusCode);
        var clusters = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json"));
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/api/manage/clusters/import", new StringContent(clusters, Encoding.UTF8, "application/json"))).StatusCode);
        var imported = await ImportAsync(table);
        Assert.Empty(imported.GetProperty("rejected").EnumerateArray());
        Assert.True(imported.GetProperty("imported").GetInt32() >= 90);
    }

    private static (decimal, decimal, decimal, decimal, decimal) Quartiles(JsonElement item) => (
        item.GetProperty("min").GetDecimal(), item.GetProperty("p25").GetDecimal(), item.GetProperty("median").GetDecimal(),
        item.GetProperty("p75").GetDecimal(), item.GetProperty("max").GetDecimal());

    private async Task<JsonElement> ImportAsync(string csv)
    {
        var response = await _stack.Organiser.PostAsync("/api/manage/benchmarking/indicators", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
