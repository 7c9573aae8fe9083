using System.Net;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// The website's pages carry a strict Content-Security-Policy, refuse framing and sniffing, in DevHost as in
/// the static web app (both from web/staticwebapp.config.json), and still work under that policy.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebPageHeadersTests : BrowserTests
{
    private static readonly string[] Pages = ["index.html", "catalogue.html", "cluster.html?id=a1b2c3", "manage.html", "thank-you.html", "register.html"];

    [Fact]
    public async Task Every_page_sends_the_static_web_apps_security_headers()
    {
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "web", "staticwebapp.config.json")));
        var expected = config.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var policy = expected["Content-Security-Policy"];
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("DENY", expected["X-Frame-Options"]);
        Assert.Equal("nosniff", expected["X-Content-Type-Options"]);

        foreach (var page in Pages.Append("events/some-forum/register").Append("style.css").Append("app.js"))
        {
            var response = await Stack.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var (name, value) in expected)
            {
                Assert.True(response.Headers.TryGetValues(name, out var values) && values.Single() == value, $"{page}: {name}");
            }
        }
    }

    [Fact]
    public async Task API_answers_are_never_sniffed_and_its_pages_are_never_framed()
    {
        var eventId = await Stack.CreateEventAsync();
        foreach (var path in new[] { "/api/events", $"/api/events/{eventId}", "/api/no-such-route", "/api/registrations/a1b2c3/reminders/stop" })
        {
            var response = await Stack.Client.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff", path);
        }
    }

    [Fact]
    public async Task The_manage_page_refuses_to_be_framed()
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // Another origin's page that frames the manage page over a button of its own.
        await page.RouteAsync("http://attacker.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<!doctype html><iframe id=victim src=\"{Url("manage.html")}\" width=800 height=600></iframe>",
        }));
        await page.GotoAsync("http://attacker.test/");
        await page.WaitForTimeoutAsync(1500);

        var frame = page.Frames.Single(f => f != page.MainFrame);
        bool loaded;
        try
        {
            loaded = await frame.EvaluateAsync<bool>("() => document.querySelector('#registration') !== null");
        }
        catch (PlaywrightException)
        {
            loaded = false;
        }
        Assert.False(loaded, "The manage page rendered inside another site's frame.");
    }

    [Fact]
    public async Task The_pages_work_under_the_policy_with_no_violation()
    {
        await Stack.CreateEventAsync();
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        foreach (var path in Pages)
        {
            await page.GotoAsync(Url(path));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await page.GotoAsync(Url("index.html"));
        await page.WaitForSelectorAsync("a[href^='register.html?event=']");

        Assert.Empty(violations);
    }
}
