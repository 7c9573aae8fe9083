using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using static ClustersCord.Functions.Tests.Trust.BenchmarkingFixtures;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>Issue 13, point 6 re-tested: no tag and no script URL anywhere in a CSV, nothing after a PDF's last %%EOF.</summary>
public sealed class UploadMarkupAnywhereTests : IAsyncLifetime
{
    private static readonly string Table = "cluster,members\n" + string.Concat(Enumerable.Repeat("alpha,40\n", 400));

    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    public static TheoryData<string> ScriptCapable() =>
    [
        "<details open ontoggle=alert(1)>", "<video><source onerror=alert(1)></video>", "<input autofocus onfocus=alert(1)>",
        "<marquee onstart=alert(1)>", "<x onclick=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<plaintext>",
        "x,JAVA\tSCRIPT:alert(1)", "<!-- x -->", "<?x?>",
    ];

    [Theory]
    [MemberData(nameof(ScriptCapable))]
    public async Task Markup_after_the_first_kib_is_refused_and_leaves_nothing(string markup)
        => await AssertRefusedAsync(await UploadAsync(_stack, Encoding.UTF8.GetBytes(Table + markup + "\n"), "table.csv", "text/csv"));

    [Fact]
    public async Task A_page_after_a_pdfs_last_eof_is_refused_and_leaves_nothing()
        => await AssertRefusedAsync(await UploadAsync(_stack, "%PDF-1.4\n%%EOF\n<html><script>alert(1)</script></html>"u8.ToArray(), "r.pdf", "application/pdf"));

    [Fact]
    public async Task Tables_with_comparisons_and_updated_pdfs_are_accepted()
    {
        var table = await UploadAsync(_stack, Encoding.UTF8.GetBytes(Table + "rule,x <= y\nshare,<5\nnote,a < b\n"), "t.csv", "text/csv");
        var updated = await UploadAsync(_stack, "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n2 0 obj << >> endobj\ntrailer << >>\n%%EOF\r\n"u8.ToArray(), "u.pdf");

        Assert.True(table.StatusCode == HttpStatusCode.Created, await table.Content.ReadAsStringAsync());
        Assert.True(updated.StatusCode == HttpStatusCode.Created, await updated.Content.ReadAsStringAsync());
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(0, (await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").GetArrayLength());
        Assert.Empty(await AllBlobsAsync(_stack));
    }
}
