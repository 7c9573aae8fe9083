using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using ClustersCord.Functions.Tests.Web;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Cooperation;

/// <summary>The agreement page and the work-plan page in a browser: every language's texts, what they show, axe.</summary>
[Trait("Category", "Slow")]
public sealed class CooperationPagesTests : BrowserTests
{
    private async Task<IPage> PageAsync(int width = 1000, int height = 1200, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new() { Width = width, Height = height }, BypassCSP = bypassCsp, TimezoneId = "Europe/Prague",
        });
        return await context.NewPageAsync();
    }

    private ClusterActor? _invited;

    private async Task FillAsync()
    {
        var czech = await Stack.ApprovedAsync("Moravian ICT Cluster", "CZ");
        var german = await Stack.ApprovedAsync("Software-Cluster Stuttgart", "DE");
        _invited = german;
        await (await Stack.AsAsync(czech, HttpMethod.Post, $"/api/clusters/{czech.Id}/introductions",
            new { to = german.Id, message = "Shall we meet?" })).JsonAsync(HttpStatusCode.Created);
        await (await Stack.AsAsync(czech, HttpMethod.Post, $"/api/clusters/{czech.Id}/cooperation", new
        {
            workingGroup = "ict", title = "Joint training for cluster managers", partners = new[] { german.Id },
            nextStep = "Agree on the curriculum.", dueMonth = "2012-10", status = "ongoing",
        })).JsonAsync(HttpStatusCode.Created);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")), "file", "agreement.pdf" },
            { new StringContent("2012-11 final"), "version" },
        };
        await (await Stack.Organiser.PutAsync("/api/manage/agreement", form)).JsonAsync(HttpStatusCode.Created);
        await (await Stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = czech.Id, signedBy = "Jana Nováková", signedAt = "2012-11-29", place = "Stuttgart" })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Both_pages_show_their_content_in_every_language_with_all_texts()
    {
        await FillAsync();
        var problems = new List<string>();
        var page = await PageAsync();
        foreach (var language in WebsiteTests.Languages)
        {
            await page.GotoAsync(Url($"agreement.html?lang={language}"));
            await page.Locator("html[data-agreement=ready]").WaitForAsync();
            if (await page.GetAttributeAsync("html", "data-missing-texts") is { } missing)
            {
                problems.Add($"agreement in {language}: missing {missing}");
            }
            Assert.Contains("Moravian ICT Cluster", await page.InnerTextAsync("#signatories"));
            Assert.Contains("2012-11 final", await page.InnerTextAsync("#document"));

            await page.GotoAsync(Url($"work-plan.html?sector=ict&lang={language}"));
            await page.Locator("html[data-work-plan=ready]").WaitForAsync();
            if (await page.GetAttributeAsync("html", "data-missing-texts") is { } missingPlan)
            {
                problems.Add($"work plan in {language}: missing {missingPlan}");
            }
            var plan = await page.InnerTextAsync("#plan");
            Assert.Contains("Joint training for cluster managers", plan);
            Assert.Contains("Software-Cluster Stuttgart", plan);
        }
        Assert.Empty(problems);

        // The document link serves the file itself.
        await page.GotoAsync(Url("agreement.html?lang=en"));
        await page.Locator("html[data-agreement=ready]").WaitForAsync();
        var href = await page.GetAttributeAsync("#document a", "href");
        var file = await Stack.Client.GetAsync(new Uri(href!).PathAndQuery);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        await page.GotoAsync(Url("work-plan.html?sector=food&lang=en"));
        await page.Locator("html[data-work-plan=ready]").WaitForAsync();
        Assert.DoesNotContain("Joint training", await page.InnerTextAsync("#plan"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_introductions_page_lets_the_invited_contact_accept_and_then_shows_the_contact()
    {
        var asker = await Stack.ApprovedAsync("Moravian ICT Cluster", "CZ");
        var invited = await Stack.ApprovedAsync("Software-Cluster Stuttgart", "DE");
        await (await Stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions",
            new { to = invited.Id, message = "Let us meet at the Stuttgart forum." })).JsonAsync(HttpStatusCode.Created);
        var page = await PageAsync();
        var problems = new List<string>();
        foreach (var language in WebsiteTests.Languages)
        {
            await page.GotoAsync(Url($"introductions.html?lang={language}#id={invited.Id}&token={invited.Token}"));
            await page.Locator("html[data-introductions='ready:1']").WaitForAsync();
            if (await page.GetAttributeAsync("html", "data-missing-texts") is { } missing)
            {
                problems.Add($"introductions in {language}: missing {missing}");
            }
            // The token left the address bar at once.
            Assert.DoesNotContain(invited.Token, page.Url);
        }
        Assert.Empty(problems);
        await page.GotoAsync(Url("introductions.html?lang=en"));
        await page.Locator("html[data-introductions='ready:1']").WaitForAsync();
        Assert.Contains("Let us meet at the Stuttgart forum.", await page.InnerTextAsync("#list"));
        Assert.DoesNotContain(asker.Email, await page.ContentAsync());

        await page.ClickAsync("button[data-decide=accept]");
        await Assertions.Expect(page.Locator("#list a[href^=mailto]")).ToHaveTextAsync(asker.Email);
        Assert.Contains("Accepted", await page.InnerTextAsync("#outcome"));

        // A wrong link shows nothing of the cluster.
        var other = await Browser.NewContextAsync();
        var stranger = await other.NewPageAsync();
        await stranger.GotoAsync(Url($"introductions.html?lang=en#id={invited.Id}&token=wrong"));
        await stranger.Locator("html[data-introductions=refused]").WaitForAsync();
        Assert.DoesNotContain("Stuttgart forum", await stranger.ContentAsync());
        await other.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Axe_finds_no_violations_on_either_page_at_desktop_and_phone_width()
    {
        await FillAsync();
        var axe = Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "axe-core is missing: ./test installs it from package-lock.json.");
        var violations = new List<string>();
        foreach (var (width, height, label) in new[] { (1280, 900, "desktop"), (375, 740, "phone") })
        {
            var page = await PageAsync(width, height, bypassCsp: true);
            foreach (var (path, ready) in new[]
                     {
                         ("agreement.html?lang=en", "html[data-agreement=ready]"), ("work-plan.html?sector=ict&lang=en", "html[data-work-plan=ready]"),
                         ($"introductions.html?lang=en#id={_invited!.Id}&token={_invited.Token}", "html[data-introductions='ready:1']"),
                     })
            {
                await page.GotoAsync(Url(path));
                await page.Locator(ready).WaitForAsync();
                await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
                var found = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                violations.AddRange(found.EnumerateArray().Select(v => $"{path} ({label}): {v.GetString()}"));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
