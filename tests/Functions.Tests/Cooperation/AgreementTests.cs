using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Cooperation;

public sealed class AgreementTests : IAsyncLifetime
{
    private readonly TestStack _stack = new()
    {
        OwnClock = true,
        ExtraSettings = new Dictionary<string, string?> { ["Cooperation:MaxAgreementBytes"] = "8192" },
    };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    private static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Title ({text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static byte[] Docx(string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(content);
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Add("word/document.xml", $"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>");
        }
        return buffer.ToArray();
    }

    private Task<HttpResponseMessage> PublishAsync(byte[] file, string version, string fileName = "agreement.pdf")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(version), "version");
        return _stack.Organiser.PutAsync("/api/manage/agreement", form);
    }

    [Fact]
    public async Task Every_version_is_kept_the_latest_is_served_and_older_ones_by_name()
    {
        Assert.Equal(JsonValueKind.Null, (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("document").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync("/api/agreement/document")).StatusCode);
        var draft = Pdf("Draft of the partnership agreement");
        var final = Docx("Final partnership agreement");

        await (await PublishAsync(draft, "2012-10 draft")).JsonAsync(HttpStatusCode.Created);
        _stack.Time.Advance(TimeSpan.FromMinutes(1));
        var published = await (await PublishAsync(final, "2012-11 final", "final.docx")).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", published.GetProperty("contentType").GetString());

        var agreement = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement");
        Assert.Equal("2012-11 final", agreement.GetProperty("document").GetProperty("version").GetString());
        var latest = await _stack.Client.GetAsync(new Uri(agreement.GetProperty("document").GetProperty("url").GetString()!).PathAndQuery);
        Assert.Equal(final, await latest.Content.ReadAsByteArrayAsync());
        var older = await _stack.Client.GetAsync("/api/agreement/document?version=" + Uri.EscapeDataString("2012-10 draft"));
        Assert.Equal("application/pdf", older.Content.Headers.ContentType?.MediaType);
        Assert.Equal(draft, await older.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync("/api/agreement/document?version=1999")).StatusCode);

        var versions = (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement/versions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["2012-11 final", "2012-10 draft"], versions.Select(v => v.GetProperty("version").GetString()));

        // The same name again, a file that is neither PDF nor DOCX by content, no version, no key: refused, nothing added.
        Assert.Equal(HttpStatusCode.Conflict, (await PublishAsync(Pdf("again"), "2012-11 FINAL")).StatusCode);
        var html = await (await PublishAsync(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "2012-12", "agreement.pdf")).JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(html.GetProperty("errors").TryGetProperty("file", out _));
        Assert.True((await (await PublishAsync(Pdf("x"), " ")).JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("version", out _));
        var tooLarge = Pdf(new string('x', 9000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PublishAsync(tooLarge, "2012-12 large")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.PutAsync("/api/manage/agreement", new MultipartFormDataContent { { new ByteArrayContent(Pdf("x")), "file", "a.pdf" } })).StatusCode);
        Assert.Equal(2, (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement/versions")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Signatories_are_listed_once_each_and_stay_when_the_profile_is_gone()
    {
        var czech = await _stack.ApprovedAsync("Moravian ICT Cluster", "CZ");
        var austrian = await _stack.ApprovedAsync("Clusterland Oberösterreich", "AT");
        var pending = await _stack.ApprovedAsync("Pending Cluster", approve: false);

        var recorded = await (await _stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = czech.Id, signedBy = "Jana Nováková", signedAt = "2012-11-29", place = "Brno" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Jana Nováková", recorded.GetProperty("signedBy").GetString());
        // A later joiner.
        await (await _stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = austrian.Id, signedBy = "Max Mustermann", signedAt = "2013-02-14", place = "Linz" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await _stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = czech.Id, signedBy = "Someone Else", signedAt = "2012-11-30", place = "Brno" })).StatusCode);
        var invalid = await (await _stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = pending.Id, signedBy = "", signedAt = "2099-01-01", place = "Brno" })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["clusterId", "signedAt", "signedBy"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        // The Czech profile disappears from the catalogue store altogether; its signature stays as it was signed.
        var table = await _stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Clusters, CancellationToken.None);
        var rows = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {czech.Id}"));
        await foreach (var row in rows)
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var signatories = (await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("signatories").EnumerateArray().ToList();
        Assert.Equal([czech.Id, austrian.Id], signatories.Select(s => s.GetProperty("clusterId").GetString()));
        Assert.Equal("Moravian ICT Cluster", signatories[0].GetProperty("name").GetString());
        Assert.Equal("CZ", signatories[0].GetProperty("country").GetString());
        Assert.Equal("2012-11-29", signatories[0].GetProperty("signedAt").GetString());
        Assert.Equal("Brno", signatories[0].GetProperty("place").GetString());
        // Who signed is personal data: not in the public answer.
        Assert.False(signatories[0].TryGetProperty("signedBy", out _));
    }
}
