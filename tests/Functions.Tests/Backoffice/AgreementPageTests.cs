using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Cooperation;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Backoffice;

/// <summary>
/// The organisers' partnership agreement page (<c>web/organisers/agreement.html</c>) in Chromium against DevHost
/// and Azurite: a version uploaded (a file that is not a PDF refused at its field first), listed and downloaded
/// through fetch; a signature recorded for an approved cluster (a missing name refused at its field first),
/// listed and in the catalogue; the same cluster again refused as signed already.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AgreementPageTests : BrowserTests
{
    private async Task<IPage> SignedInAsync(int width = 1200, int height = 1000, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new() { Width = width, Height = height }, TimezoneId = "Europe/Prague", BypassCSP = bypassCsp,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("organisers/agreement.html"));
        await page.FillAsync("#key", TestStack.OrganiserKey);
        await page.ClickAsync("#signin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#content")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task An_organiser_publishes_a_version_downloads_it_and_records_a_signatory_once()
    {
        var cluster = await Stack.ApprovedAsync("Moravian <b>Agreement</b> Cluster", "CZ");
        var page = await SignedInAsync();
        await Assertions.Expect(page.Locator("#current-version")).ToHaveTextAsync("No version of the agreement is published yet.");
        await Assertions.Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("Partnership agreement");

        // A file that is not a PDF by its content is refused at the file field, and nothing is published.
        await page.SetInputFilesAsync("#agreement-file", new FilePayload { Name = "agreement.pdf", MimeType = "application/pdf", Buffer = "<html>not a pdf</html>"u8.ToArray() });
        await page.FillAsync("#agreement-version", "2026-11 final");
        await page.ClickAsync("#publish");
        await Assertions.Expect(page.Locator("#agreement-file-error")).ToContainTextAsync("Not a PDF or Word (DOCX) document");
        await Assertions.Expect(page.Locator("#agreement-file")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#version-summary")).ToBeFocusedAsync();
        Assert.Equal(0, (await Stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement/versions")).GetProperty("items").GetArrayLength());

        // The sample PDF is published, listed as the current version, and downloads as the same bytes.
        var sample = Path.Combine(RepositoryPaths.Root, "data", "sample-report.pdf");
        await page.SetInputFilesAsync("#agreement-file", sample);
        await page.FillAsync("#agreement-version", "2026-11 final");
        await page.ClickAsync("#publish");
        await Assertions.Expect(page.Locator("#version-result")).ToContainTextAsync("Version 2026-11 final is published");
        await Assertions.Expect(page.Locator("#agreement-file-error")).ToHaveCountAsync(0);
        Assert.Equal(100, await page.EvalOnSelectorAsync<int>("#agreement-progress", "p => p.value"));
        await Assertions.Expect(page.Locator("#current-version")).ToContainTextAsync("Current version: 2026-11 final");
        var rows = page.Locator("#versions-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("PDF");
        var versions = await Stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement/versions");
        Assert.Equal("2026-11 final", versions.GetProperty("items")[0].GetProperty("version").GetString());
        var download = await page.RunAndWaitForDownloadAsync(() => rows.First.GetByRole(AriaRole.Button, new() { Name = "Download version 2026-11 final" }).ClickAsync());
        Assert.Equal("partnership-agreement-2026-11-final.pdf", download.SuggestedFilename);
        Assert.Equal(await File.ReadAllBytesAsync(sample), await File.ReadAllBytesAsync((await download.PathAsync())!));

        // The same name again is refused at the version field.
        await page.SetInputFilesAsync("#agreement-file", sample);
        await page.FillAsync("#agreement-version", "2026-11 FINAL");
        await page.ClickAsync("#publish");
        await Assertions.Expect(page.Locator("#agreement-version-error")).ToContainTextAsync("published already");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        // A signature without the signer's name is refused at that field and records nothing.
        await Assertions.Expect(page.Locator("#signatories")).ToHaveTextAsync("No cluster has signed yet.");
        await page.SelectOptionAsync("#signatory-cluster", cluster.Id);
        await page.FillAsync("#signatory-at", "2026-11-20");
        await page.FillAsync("#signatory-place", "Brno");
        await page.ClickAsync("#record");
        await Assertions.Expect(page.Locator("#signatory-by")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#signatory-by-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#signatory-summary")).ToBeFocusedAsync();
        Assert.Empty((await Stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("signatories").EnumerateArray());

        // Recorded: listed with who signed, and the catalogue shows the cluster as a signatory.
        await page.FillAsync("#signatory-by", "Jana Nováková");
        await page.ClickAsync("#record");
        await Assertions.Expect(page.Locator("#signatory-result")).ToContainTextAsync("is recorded as a signatory");
        await Assertions.Expect(page.Locator("#signatory-summary")).ToBeHiddenAsync();
        var row = page.Locator($"#signatories-table tbody tr[data-signatory='{cluster.Id}']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        // The name is text, never markup.
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("Moravian <b>Agreement</b> Cluster");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Czechia");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToContainTextAsync("20 Nov 2026");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("Brno");
        var profile = await Stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{cluster.Id}");
        Assert.Equal("2026-11-20", profile.GetProperty("agreement").GetProperty("signedAt").GetString());
        Assert.Equal("Brno", profile.GetProperty("agreement").GetProperty("place").GetString());

        // The same cluster again: told clearly that it signed already, and still listed once.
        await page.SelectOptionAsync("#signatory-cluster", cluster.Id);
        await page.FillAsync("#signatory-by", "Someone Else");
        await page.FillAsync("#signatory-at", "2026-11-21");
        await page.FillAsync("#signatory-place", "Vienna");
        await page.ClickAsync("#record");
        await Assertions.Expect(page.Locator("#signatory-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#signatory-cluster-error")).ToHaveTextAsync("Moravian <b>Agreement</b> Cluster has signed the agreement already: a cluster signs once.");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var signatories = (await Stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("signatories").EnumerateArray().ToList();
        Assert.Equal("Brno", Assert.Single(signatories).GetProperty("place").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Stack.Client.GetAsync($"/api/clusters/{cluster.Id}")).StatusCode);

        // axe-core finds nothing on the filled page (both tables, an error shown) at desktop and phone width.
        var axe = Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "axe-core is missing: ./test installs it from package-lock.json.");
        var screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(screenshots);
        var violations = new List<string>();
        foreach (var (width, height, label) in new[] { (1280, 900, "desktop"), (375, 740, "phone") })
        {
            // Playwright adds the script inline, which the page's CSP forbids: this context alone bypasses it.
            var checkedPage = await SignedInAsync(width, height, bypassCsp: true);
            await checkedPage.Locator("#signatories-table tbody tr").WaitForAsync();
            await checkedPage.Locator("#versions-table tbody tr").WaitForAsync();
            await checkedPage.Locator("#signatory-cluster option").Nth(1).WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await checkedPage.ClickAsync("#record");
            await Assertions.Expect(checkedPage.Locator("#signatory-summary")).ToBeFocusedAsync();
            await checkedPage.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
            var found = await checkedPage.EvaluateAsync<JsonElement>(
                "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
            violations.AddRange(found.EnumerateArray().Select(v => $"{label}: {v.GetString()}"));
            await checkedPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"organisers-agreement-{label}.png"), FullPage = true });
            await checkedPage.Context.CloseAsync();
        }
        Assert.Empty(violations);
    }
}
