using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using static ClustersCord.Functions.Tests.Trust.BenchmarkingFixtures;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>Issue 13, points 5 and 6: no single cluster's figures in public, and uploads judged and named by what they are.</summary>
public sealed class BenchmarkingTrustTests : IAsyncLifetime
{
    private readonly TestStack _stack = new();
    private HttpClient _observer = null!;

    public async Task InitializeAsync()
    {
        await _stack.InitializeAsync();
        _observer = _stack.NewClient();
        _observer.DefaultRequestHeaders.Add("x-functions-key", TestStack.ObserverKey);
    }

    public async Task DisposeAsync()
    {
        _observer.Dispose();
        await _stack.DisposeAsync();
    }

    private async Task<int> StoredReportsAsync()
        => (await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").GetArrayLength();

    private async Task AssertRefusedAndNothingLeftAsync(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _), what);
        Assert.Equal(0, await StoredReportsAsync());
        Assert.Empty(await AllBlobsAsync(_stack));
    }

    // ---- Point 6: what is a CSV, an XLSX ----

    public static TheoryData<string, string> MarkupAsCsv() => new()
    {
        { "an HTML page", "<html><body><script>alert(1)</script></body></html>" },
        { "a doctype", "<!DOCTYPE html>\n<p>x</p>" },
        { "upper case after a byte order mark and blank lines", "\uFEFF\r\n\t  <HTML><BODY onload=alert(1)>" },
        { "an SVG image", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>" },
        { "an XML document", "<?xml version=\"1.0\"?><x/>" },
        { "a tag after some table lines", "cluster,members\nalpha,40\n<img src=x onerror=alert(1)>\n" },
        { "a script far beyond the first KiB", "cluster,members\n" + string.Concat(Enumerable.Repeat("alpha,40\n", 2000)) + "<ScRiPt>alert(1)</script>\n" },
        { "an iframe far beyond the first KiB", "cluster,note\n" + string.Concat(Enumerable.Repeat("alpha,a < b\n", 2000)) + "x,<iframe src=//evil>\n" },
    };

    [Theory]
    [MemberData(nameof(MarkupAsCsv))]
    public async Task Markup_is_not_accepted_as_csv(string what, string text)
        => await AssertRefusedAndNothingLeftAsync(await UploadAsync(_stack, Encoding.UTF8.GetBytes(text), "table.csv", "text/csv"), what);

    [Fact]
    public async Task A_table_with_less_than_signs_is_still_a_csv()
    {
        var response = await UploadAsync(_stack, Encoding.UTF8.GetBytes("indicator,value\nshare <5 employees,0.4\nratio,a < b\n"), "t.csv", "text/csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_zip_bomb_with_workbook_parts_is_refused()
    {
        // 64 MiB of zeros deflate to a few tens of KiB: a thousandfold, far past any workbook's ratio.
        var bomb = Workbook(zip =>
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet2.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        });
        Assert.True(bomb.Length < 1024 * 1024);

        await AssertRefusedAndNothingLeftAsync(await UploadAsync(_stack, bomb, "bomb.xlsx", XlsxType), "zip bomb");
    }

    [Fact]
    public async Task A_workbook_with_too_many_entries_is_refused()
    {
        var crowded = Workbook(zip =>
        {
            for (var i = 0; i < 1500; i++)
            {
                Write(zip, $"xl/media/n{i}.xml", "<x/>");
            }
        });

        await AssertRefusedAndNothingLeftAsync(await UploadAsync(_stack, crowded, "crowded.xlsx", XlsxType), "1,500 entries");
    }

    public static TheoryData<string, byte[]> NotWorkbooks() => new()
    {
        { "ZIP signatures around the marker strings", [.. "PK\u0003\u0004 [Content_Types].xml xl/workbook.xml garbage PK\u0005\u0006"u8, .. new byte[18]] },
        { "a ZIP with the parts but no spreadsheet content type", ZipWith("[Content_Types].xml", "xl/workbook.xml") },
        { "a workbook cut short", Workbook()[..^30] },
    };

    private static byte[] ZipWith(params string[] names)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in names)
            {
                Write(zip, name, "<x/>");
            }
        }
        return memory.ToArray();
    }

    [Theory]
    [MemberData(nameof(NotWorkbooks))]
    public async Task Bytes_that_only_look_like_a_workbook_are_refused(string what, byte[] file)
        => await AssertRefusedAndNothingLeftAsync(await UploadAsync(_stack, file, "book.xlsx", XlsxType), what);

    [Fact]
    public async Task A_real_workbook_is_accepted()
    {
        var response = await UploadAsync(_stack, Workbook(), "figures.xlsx", XlsxType);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(XlsxType, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString());
    }

    // ---- Point 6: downloads named by what they are ----

    public static TheoryData<string, byte[], string, string, string> Downloads() => new()
    {
        { "a CSV named .html", "cluster,members\nalpha,40\n"u8.ToArray(), "report.html", "report.csv", "text/csv" },
        { "a CSV named .svg", "a,b\n1,2\n"u8.ToArray(), "image.svg", "image.csv", "text/csv" },
        { "a PDF with two extensions", "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"u8.ToArray(), "invoice.pdf.exe", "invoice_pdf.pdf", "application/pdf" },
        { "a workbook named .csv", Workbook(), "book.csv", "book.xlsx", XlsxType },
        { "a name that is only punctuation", "a,b\n1,2\n"u8.ToArray(), "...", "report-{id}.csv", "text/csv" },
    };

    [Theory]
    [MemberData(nameof(Downloads))]
    public async Task Downloads_are_named_and_typed_by_content_not_by_the_uploaded_name(string what, byte[] file, string uploadedAs, string expected, string type)
    {
        var created = await UploadAsync(_stack, file, uploadedAs, "text/html");
        Assert.True(created.StatusCode == HttpStatusCode.Created, what);
        var report = await created.Content.ReadFromJsonAsync<JsonElement>();
        expected = expected.Replace("{id}", report.GetProperty("id").GetString(), StringComparison.Ordinal);

        var download = await _stack.Client.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(type, download.Content.Headers.ContentType?.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(expected, disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(expected, report.GetProperty("fileName").GetString());
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
    }

    // ---- Point 6: nothing left behind ----

    [Fact]
    public async Task Refused_uploads_leave_no_staged_blocks()
    {
        // Over one 4 MiB block each, so blocks are staged before the file is judged.
        var truncatedPdf = Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string('x', 5 * 1024 * 1024));
        var htmlAfterAMegabyte = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("alpha,40\n", 600_000)) + "<script>x</script>");

        await AssertRefusedAndNothingLeftAsync(await UploadAsync(_stack, truncatedPdf, "big.pdf", "application/pdf"), "truncated PDF");
        await AssertRefusedAndNothingLeftAsync(await UploadAsync(_stack, htmlAfterAMegabyte, "big.csv", "text/csv"), "late script");
        var badFields = await _stack.Organiser.PostAsync("/api/manage/benchmarking/reports",
            Form(new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "t.csv", visibility: "everyone"));
        Assert.Equal(HttpStatusCode.BadRequest, badFields.StatusCode);
        Assert.Empty(await AllBlobsAsync(_stack));
    }

    [Fact]
    public async Task An_upload_the_client_abandons_mid_body_leaves_no_staged_blocks()
    {
        var body = new AbandonedBody(6 * 1024 * 1024);
        using var client = _stack.NewClient();
        client.DefaultRequestHeaders.Add("x-functions-key", TestStack.OrganiserKey);
        var sending = client.PostAsync("/api/manage/benchmarking/reports", Form(body, "slow.pdf"));

        // The first block reaches storage while the client still holds the connection open...
        await Eventually.TrueAsync(async () => (await AllBlobsAsync(_stack)).Count > 0, "no block was staged", TimeSpan.FromSeconds(10));
        body.Abandon();
        await Assert.ThrowsAnyAsync<Exception>(() => sending);

        // ...and goes once the client is gone.
        await Eventually.TrueAsync(async () => (await AllBlobsAsync(_stack)).Count == 0, "staged blocks remained", TimeSpan.FromSeconds(10));
        Assert.Equal(0, await StoredReportsAsync());
    }

    /// <summary>A file part that sends some megabytes of a PDF, then waits, then breaks off.</summary>
    private sealed class AbandonedBody(int bytes) : HttpContent
    {
        private readonly TaskCompletionSource _abandon = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Abandon() => _abandon.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("%PDF-1.4\n"u8.ToArray());
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var sent = 0; sent < bytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
            await stream.FlushAsync();
            await _abandon.Task;
            throw new IOException("The client went away.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    // ---- Point 5: statistics ----

    private async Task ImportAsync(string indicator, params decimal[] values)
    {
        var ids = values.Select((_, i) => $"k{i}").ToArray();
        await ImportClustersAsync(_stack, ids);
        var csv = new StringBuilder("clusterId,year,indicator,value,unit\n");
        for (var i = 0; i < values.Length; i++)
        {
            csv.Append($"k{i},2011,{indicator},{values[i]},pts\n");
        }
        var imported = await ImportIndicatorsAsync(_stack, csv.ToString());
        Assert.Empty(imported.GetProperty("rejected").EnumerateArray());
    }

    private async Task<Dictionary<string, JsonElement>> SummaryAsync(HttpClient client)
        => (await client.GetFromJsonAsync<JsonElement>("/api/benchmarking/indicators?year=2011")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("indicator").GetString()!);

    [Fact]
    public async Task The_public_sees_only_groups_of_five_and_no_minimum_or_maximum()
    {
        await ImportAsync("five", 10, 20, 30, 40, 50);
        await ImportAsync("four", 1, 2, 3, 4);
        await ImportAsync("one", 7);

        var anonymous = await SummaryAsync(_stack.Client);
        var observer = await SummaryAsync(_observer);
        var organiser = await SummaryAsync(_stack.Organiser);

        Assert.Equal(["five"], anonymous.Keys);
        Assert.False(anonymous["five"].TryGetProperty("min", out _));
        Assert.False(anonymous["five"].TryGetProperty("max", out _));
        Assert.Equal(30m, anonymous["five"].GetProperty("median").GetDecimal());
        foreach (var complete in new[] { observer, organiser })
        {
            Assert.Equal(["five", "four", "one"], complete.Keys.Order());
            Assert.Equal(7m, complete["one"].GetProperty("min").GetDecimal());
            Assert.Equal(50m, complete["five"].GetProperty("max").GetDecimal());
        }
    }

    [Fact]
    public async Task A_clusters_own_figures_need_the_observer_or_organiser_key()
    {
        await ImportAsync("members", 10, 20);

        var anonymous = await _stack.Client.GetAsync("/api/benchmarking/clusters/k0?year=2011");
        var wrongKey = await _stack.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/benchmarking/clusters/k0?year=2011")
        {
            Headers = { { "x-functions-key", "not-a-key" } },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _observer.GetAsync("/api/benchmarking/clusters/k0?year=2011")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.GetAsync("/api/benchmarking/clusters/k0?year=2011")).StatusCode);
    }

    [Fact]
    public async Task The_peer_median_is_given_only_with_four_peers_or_more()
    {
        await ImportAsync("pair", 10, 90);
        await ImportAsync("quartet", 1, 2, 3, 4);
        await ImportAsync("quintet", 1, 2, 3, 4, 5);

        var items = (await _observer.GetFromJsonAsync<JsonElement>("/api/benchmarking/clusters/k0?year=2011")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("indicator").GetString()!);

        Assert.False(items["pair"].TryGetProperty("peerMedian", out _), "with one peer the median is that peer's value");
        Assert.False(items["quartet"].TryGetProperty("peerMedian", out _));
        Assert.Equal(3.5m, items["quintet"].GetProperty("peerMedian").GetDecimal());
    }

    [Fact]
    public async Task Values_that_are_not_finite_or_beyond_a_trillion_are_refused_by_line()
    {
        await ImportClustersAsync(_stack, "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        const string csv = """
            clusterId,year,indicator,value,unit
            v1,2011,size,1e29,pts
            v2,2011,size,NaN,pts
            v3,2011,size,Infinity,pts
            v4,2011,size,-Infinity,pts
            v5,2011,size,79228162514264337593543950335,pts
            v6,2011,size,-7.9e28,pts
            v7,2011,size,1000000000000.01,pts
            v8,2011,size,1000000000000,pts
            v9,2011,size,-1e12,pts
            """;

        var imported = await ImportIndicatorsAsync(_stack, csv);

        var rejected = imported.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], rejected.Keys.Order());
        Assert.All(rejected.Values, reason => Assert.StartsWith("value", reason));
        Assert.Equal(2, imported.GetProperty("imported").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.GetAsync("/api/benchmarking/indicators?year=2011")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.GetAsync("/api/benchmarking/clusters/v8?year=2011")).StatusCode);
    }

    [Fact]
    public async Task Rows_for_clusters_not_in_the_catalogue_are_refused_by_line()
    {
        await ImportClustersAsync(_stack, "known");
        var pending = await _stack.Client.PostAsJsonAsync("/api/clusters", System.Text.Json.Nodes.JsonNode.Parse("""
            { "name": "Pending Cluster", "country": "CZ", "city": "Brno", "website": "https://pending.example", "description": "Waiting for review.",
              "sectors": ["ict"], "workingGroups": [], "memberCount": 10, "memberTypes": ["companies"], "managementFte": 1, "offers": [], "needs": [],
              "contact": { "name": "P", "email": "pending@cluster.example" } }
            """));
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        var pendingId = (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await ImportClustersAsync(_stack, "turned-down");
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/api/manage/clusters/turned-down/reject", null)).StatusCode);

        var imported = await ImportIndicatorsAsync(_stack, $"""
            clusterId,year,indicator,value,unit
            known,2011,members,40,count
            nobody,2011,members,41,count
            {pendingId},2011,members,42,count
            turned-down,2011,members,43,count
            """);

        var rejected = imported.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([3, 5], rejected.Keys.Order());
        Assert.StartsWith("clusterId", rejected[3]);
        Assert.Equal(2, imported.GetProperty("imported").GetInt32());
        var members = (await SummaryAsync(_stack.Organiser))["members"];
        Assert.Equal(2, members.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Stored_values_out_of_range_or_unreadable_never_make_statistics_answer_500()
    {
        await ImportAsync("members", 10, 20, 30, 40, 50);
        // Rows as an older version (or a hand edit) may have left them: beyond decimal arithmetic's reach, or not numbers at all.
        var table = await _stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Indicators, CancellationToken.None);
        await table.UpsertEntityAsync(new TableEntity("2011", "members|huge1") { ["ClusterId"] = "huge1", ["Indicator"] = "members", ["Value"] = "79000000000000000000000000000", ["Unit"] = "pts" });
        await table.UpsertEntityAsync(new TableEntity("2011", "members|huge2") { ["ClusterId"] = "huge2", ["Indicator"] = "members", ["Value"] = "-79000000000000000000000000000", ["Unit"] = "pts" });
        await table.UpsertEntityAsync(new TableEntity("2011", "members|broken") { ["ClusterId"] = "broken", ["Indicator"] = "members", ["Value"] = "NaN", ["Unit"] = "pts" });
        await table.UpsertEntityAsync(new TableEntity("2011", "members|empty") { ["Indicator"] = "members" });

        foreach (var (client, path) in new[]
        {
            (_stack.Client, "/api/benchmarking/indicators?year=2011"), (_stack.Client, "/api/benchmarking/indicators"),
            (_stack.Organiser, "/api/benchmarking/indicators?year=2011"), (_stack.Organiser, "/api/benchmarking/clusters/k0?year=2011"),
            (_stack.Organiser, "/api/benchmarking/clusters/huge1?year=2011"),
        })
        {
            var response = await client.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        }
        var members = (await SummaryAsync(_stack.Organiser))["members"];
        Assert.Equal(5, members.GetProperty("count").GetInt32());
    }
}
