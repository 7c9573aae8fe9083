using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Web;

/// <summary>
/// Issue #19 point 5 in Chromium: the benchmarking results drawn as box plots beside tables with the same
/// numbers, a cluster's position for observers only, the documents page by visibility and kind, the
/// progress page's counts, and axe-core on the three pages with their charts at desktop and phone width.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ResultsPagesTests : BrowserTests
{
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<IPage> PageAsync(int width = 1000, int height = 1200, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new() { Width = width, Height = height }, BypassCSP = bypassCsp, TimezoneId = "Europe/Prague",
        });
        return await context.NewPageAsync();
    }

    private Task ShotAsync(IPage page, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>The sample clusters (approved), and five of them with two indicators of 2011: members 10–50 and budget 100–500.</summary>
    private async Task<string[]> ImportIndicatorsAsync()
    {
        var samples = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json")))!;
        (await Stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", samples)).EnsureSuccessStatusCode();
        var ids = (await Stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?pageSize=5")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).ToArray();
        var csv = new StringBuilder("clusterId,year,indicator,value,unit,area\n");
        for (var i = 0; i < ids.Length; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{ids[i]},2011,Members,{10 * (i + 1)},count,structure\n");
            csv.Append(CultureInfo.InvariantCulture, $"{ids[i]},2011,Budget,{100 * (i + 1)},EUR,financing\n");
        }
        var import = await Stack.Organiser.PostAsync("/api/manage/benchmarking/indicators", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        import.EnsureSuccessStatusCode();
        Assert.Equal(10, (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        return ids;
    }

    private static async Task<List<string>> RowAsync(IPage page, string table, string indicator)
        => [.. await page.Locator($"{table} tbody tr", new() { HasText = indicator }).Locator("th, td").AllInnerTextsAsync()];

    [Fact]
    public async Task A_box_plot_is_drawn_from_imported_indicators_and_its_table_holds_the_same_numbers()
    {
        await ImportIndicatorsAsync();
        var page = await PageAsync();
        await page.GotoAsync(Url("results.html?lang=en"));
        await page.Locator("html[data-results=shown]").WaitForAsync();

        Assert.Equal("Structure", await page.InnerTextAsync("section[data-area=structure] h2"));
        Assert.Equal("Financing", await page.InnerTextAsync("section[data-area=financing] h2"));
        // Members 10, 20, 30, 40, 50: quartiles 20 and 40 (PERCENTILE.INC), median 30; the public gets no lowest and highest.
        Assert.Equal(["Members", "count", "5", "20", "30", "40"], await RowAsync(page, "#table-structure", "Members"));
        Assert.Equal(["Budget", "EUR", "5", "200", "300", "400"], await RowAsync(page, "#table-financing", "Budget"));
        Assert.Equal("Structure 2011: the indicators in numbers", await page.InnerTextAsync("#table-structure caption"));
        var chart = page.Locator("figure[data-indicator='Members'] svg[role=img]");
        Assert.Equal("Members: first quartile 20, median 30, third quartile 40.", await chart.GetAttributeAsync("aria-label"));
        // The box: one rectangle from the first to the third quartile, drawn by Plot on the axis the ticks label.
        var box = chart.Locator("rect").Last;
        var ticks = await chart.Locator("g[data-mark='x-axis tick label'] text").AllTextContentsAsync();
        Assert.Contains("20", ticks);
        Assert.Contains("40", ticks);
        Assert.True(await box.BoundingBoxAsync() is { Width: > 20 });
        Assert.Equal(0, await chart.Locator("g[data-mark=dot] *").CountAsync());
        await ShotAsync(page, "results");

        // German: numbers through Intl, areas in the language.
        await page.GotoAsync(Url("results.html?lang=de"));
        await page.Locator("html[data-results=shown]").WaitForAsync();
        Assert.Equal("Finanzierung", await page.InnerTextAsync("section[data-area=financing] h2"));
        Assert.Equal(["Budget", "EUR", "5", "200", "300", "400"], await RowAsync(page, "#table-financing", "Budget"));
    }

    [Fact]
    public async Task An_observer_sees_a_clusters_position_only_with_the_key()
    {
        var ids = await ImportIndicatorsAsync();
        var page = await PageAsync();
        await page.GotoAsync(Url("results.html?lang=en"));
        await page.Locator("html[data-results=shown]").WaitForAsync();
        Assert.False(await page.IsVisibleAsync("#cluster"));
        Assert.DoesNotContain("Chosen cluster", await page.InnerTextAsync("#table-structure"));

        await page.FillAsync("#observer-key", "not-the-key");
        await page.ClickAsync("#use-key");
        Assert.Equal("This key was not accepted.", await page.InnerTextAsync("#observer-error"));
        Assert.False(await page.IsVisibleAsync("#cluster"));

        await page.FillAsync("#observer-key", TestStack.ObserverKey);
        await page.ClickAsync("#use-key");
        await page.Locator("#cluster").WaitForAsync();
        // The third cluster has members 30 and budget 300.
        await page.SelectOptionAsync("#cluster", ids[2]);
        await page.ClickAsync("#filters button[type=submit]");
        await page.Locator($"html[data-results='marked:{ids[2]}']").WaitForAsync();

        var row = await RowAsync(page, "#table-structure", "Members");
        Assert.Equal(["Members", "count", "5", "10", "20", "30", "40", "50", "30", "50"], row);
        var chart = page.Locator("figure[data-indicator='Members'] svg[role=img]");
        Assert.Equal("Members: first quartile 20, median 30, third quartile 40. Chosen cluster: 30.", await chart.GetAttributeAsync("aria-label"));
        Assert.Equal(1, await chart.Locator("g[data-mark=dot] path").CountAsync());
        await ShotAsync(page, "results-observer");

        // The key lasts for the tab (sessionStorage): another tab of a new browser context has none.
        var other = await PageAsync();
        await other.GotoAsync(Url("results.html?lang=en"));
        await other.Locator("html[data-results=shown]").WaitForAsync();
        Assert.False(await other.IsVisibleAsync("#cluster"));
        Assert.Equal(0, await other.Locator("g[data-mark=dot] path").CountAsync());
    }

    private static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private async Task UploadAsync(string title, string visibility, string? kind)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(title), "title" }, { new StringContent("2012"), "year" }, { new StringContent(visibility), "visibility" },
        };
        if (kind is not null)
        {
            content.Add(new StringContent(kind), "kind");
        }
        var part = new ByteArrayContent(Pdf());
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        content.Add(part, "file", title + ".pdf");
        (await Stack.Organiser.PostAsync("/api/manage/benchmarking/reports", content)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Documents_lists_public_ones_by_kind_and_observer_ones_only_with_the_key()
    {
        await UploadAsync("Benchmarking report 2012", "public", kind: null);
        await UploadAsync("Recommendations to the regions", "public", "policyRecommendation");
        await UploadAsync("Observers findings", "observers", "publication");
        await UploadAsync("Organisers notes", "organisers", "presentation");
        var page = await PageAsync();
        await page.GotoAsync(Url("documents.html?lang=en"));
        await page.Locator("html[data-documents=public]").WaitForAsync();

        Assert.Equal(["Benchmarking reports", "Policy recommendations"], await page.Locator("#documents h2").AllInnerTextsAsync());
        var text = await page.InnerTextAsync("#documents");
        Assert.Contains("Benchmarking report 2012", text);
        Assert.Contains("Recommendations to the regions", text);
        Assert.DoesNotContain("Observers findings", text);
        Assert.DoesNotContain("Organisers notes", text);
        Assert.Contains("2012 · PDF, ", text);
        await ShotAsync(page, "documents");

        await page.FillAsync("#observer-key", TestStack.ObserverKey);
        await page.ClickAsync("#use-key");
        await page.Locator("html[data-documents=observer]").WaitForAsync();
        Assert.Equal(["Benchmarking reports", "Policy recommendations", "Publications"], await page.Locator("#documents h2").AllInnerTextsAsync());
        text = await page.InnerTextAsync("#documents");
        Assert.Contains("Observers findings", text);
        Assert.Contains("For observers", text);
        Assert.DoesNotContain("Organisers notes", text);

        // An observer-only file downloads with the key (a plain link would be answered 404).
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-keyed]"));
        Assert.StartsWith("%PDF-", await File.ReadAllTextAsync(await download.PathAsync()));
        await ShotAsync(page, "documents-observer");
    }

    [Fact]
    public async Task Progress_shows_participants_by_country_and_sector_and_clusters_per_working_group()
    {
        var eventId = await Stack.CreateEventAsync(Api.Forum());
        await Stack.RegisteredAsync(eventId, Api.Person("one@example.org"));
        var austrian = Api.Person("two@example.org");
        austrian["country"] = "AT";
        austrian["sectors"] = new JsonArray("health", "ict");
        await Stack.RegisteredAsync(eventId, austrian);
        var samples = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json")))!;
        var real = samples["clusters"]!.AsArray()[0]!.DeepClone();
        real["id"] = "real-cluster";
        real["isSample"] = false;
        (await Stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject { ["clusters"] = new JsonArray(real, samples["clusters"]!.AsArray()[1]!.DeepClone()) }))
            .EnsureSuccessStatusCode();

        var page = await PageAsync();
        await page.GotoAsync(Url("progress.html?lang=en"));
        await page.Locator("html[data-progress=shown]").WaitForAsync();

        Assert.Equal("2 confirmed participants", await page.InnerTextAsync("#participants-summary"));
        Assert.Equal("0 events held, 1 to come", await page.InnerTextAsync("#events-summary"));
        // The sample cluster is no cluster of the project: one in the catalogue.
        Assert.Equal("1 cluster in the catalogue", await page.InnerTextAsync("#clusters-summary"));
        Assert.Equal(["Austria", "1"], await page.Locator("#by-country-table tbody tr", new() { HasText = "Austria" }).Locator("th, td").AllInnerTextsAsync());
        Assert.Equal(["Czechia", "1"], await page.Locator("#by-country-table tbody tr", new() { HasText = "Czechia" }).Locator("th, td").AllInnerTextsAsync());
        Assert.Equal("Participants by country: bar chart; the table below holds the same numbers.",
            await page.GetAttributeAsync("#by-country svg[role=img]", "aria-label"));
        Assert.Equal(2, await page.Locator("#by-country svg g[data-mark=bar] rect").CountAsync());
        Assert.True(await page.Locator("#meetings").IsHiddenAsync());
        await ShotAsync(page, "progress");
    }

    [Fact]
    public async Task Axe_finds_no_violations_on_the_results_pages_with_their_charts_at_desktop_and_phone_width()
    {
        var ids = await ImportIndicatorsAsync();
        await UploadAsync("Benchmarking report 2012", "public", kind: null);
        await UploadAsync("Observers findings", "observers", "publication");
        var eventId = await Stack.CreateEventAsync(Api.Forum());
        await Stack.RegisteredAsync(eventId, Api.Person("axe@example.org"));
        var axe = Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "axe-core is missing: ./test installs it from package-lock.json.");
        var violations = new List<string>();
        foreach (var (width, height, label) in new[] { (1280, 900, "desktop"), (375, 740, "phone") })
        {
            // Playwright adds the script inline, which the pages' CSP forbids: this context alone bypasses it.
            var page = await PageAsync(width, height, bypassCsp: true);
            async Task CheckAsync(string name)
            {
                await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
                var found = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                violations.AddRange(found.EnumerateArray().Select(v => $"{name} ({label}): {v.GetString()}"));
                await ShotAsync(page, $"{name}-{label}");
            }

            await page.GotoAsync(Url("results.html?lang=en"));
            await page.Locator("html[data-results=shown]").WaitForAsync();
            await CheckAsync("results");
            await page.FillAsync("#observer-key", TestStack.ObserverKey);
            await page.ClickAsync("#use-key");
            await page.Locator("#cluster").WaitForAsync();
            await page.SelectOptionAsync("#cluster", ids[0]);
            await page.ClickAsync("#filters button[type=submit]");
            await page.Locator($"html[data-results='marked:{ids[0]}']").WaitForAsync();
            await CheckAsync("results-observer");

            await page.GotoAsync(Url("documents.html?lang=en"));
            await page.Locator("html[data-documents=observer]").WaitForAsync();
            await CheckAsync("documents-observer");

            await page.GotoAsync(Url("progress.html?lang=en"));
            await page.Locator("html[data-progress=shown]").WaitForAsync();
            await CheckAsync("progress");
            await page.Context.CloseAsync();
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
