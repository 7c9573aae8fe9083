using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Web;

/// <summary>
/// The website pieces in a real headless Chromium (Debian's, installed by ./test), against DevHost and
/// Azurite. Screenshots of the main pages go to TestResults/screenshots for a person to look at.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebPageTests : BrowserTests
{
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<IPage> PageAsync(bool javaScript = true, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, Locale = locale, ViewportSize = new() { Width = 1000, Height = 1200 } });
        return await context.NewPageAsync();
    }

    private Task ShotAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    private async Task<string> ForumAsync(int capacity = 10)
    {
        var id = await Stack.CreateEventAsync(Api.Forum(capacity));
        return id;
    }

    private static async Task FillAsync(IPage page, string email)
    {
        await page.FillAsync("#firstName", "Jana");
        await page.FillAsync("#lastName", "Nováková");
        await page.FillAsync("#email", email);
        await page.FillAsync("#organisation", "Moravian ICT Cluster");
        await page.SelectOptionAsync("#country", "CZ");
        await page.CheckAsync("input[name=sectors][value=health]");
        await page.CheckAsync("#consent");
    }

    [Fact]
    public async Task A_visitor_registers_for_a_forum_and_sees_the_confirmation()
    {
        var eventId = await ForumAsync();
        var page = await PageAsync();
        await page.GotoAsync(Url("index.html"));
        await page.ClickAsync($"a[href='register.html?event={eventId}']");
        await page.WaitForSelectorAsync("text=Register for Exchange forum Linz");
        await ShotAsync(page, "register-form");

        await FillAsync(page, "jana.browser@example.org");
        await page.ClickAsync("#submit");

        var outcome = await page.WaitForSelectorAsync("#outcome.good");
        Assert.Contains("Your place is confirmed", await outcome!.InnerTextAsync());
        await ShotAsync(page, "register-confirmed");
        var registrations = await Stack.AllRegistrationsAsync(eventId);
        Assert.Equal("jana.browser@example.org", Assert.Single(registrations).GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_bad_email_is_shown_next_to_its_field_and_nothing_is_sent()
    {
        var eventId = await ForumAsync();
        var page = await PageAsync();
        await page.GotoAsync(Url($"register.html?event={eventId}&lang=de"));
        await FillAsync(page, "not-an-email");

        await page.ClickAsync("#submit");

        Assert.Equal("Keine gültige E-Mail-Adresse.", await page.InnerTextAsync("#email-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#email", "aria-invalid"));
        Assert.True(await page.IsVisibleAsync("#summary"));
        await ShotAsync(page, "register-field-error");
        Assert.Empty(await Stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task Without_javascript_the_plain_form_post_lands_on_the_thank_you_page()
    {
        var eventId = await ForumAsync(capacity: 1);
        await Stack.RegisteredAsync(eventId, Api.Person("seat.taken@example.org"));
        var page = await PageAsync(javaScript: false);
        await page.GotoAsync(Url($"events/{eventId}/register"));
        await FillAsync(page, "no.script@example.org");

        await page.ClickAsync("#submit");
        // The URL is polled, not awaited as a navigation: WaitForURLAsync waits on load states when the URL
        // already matches, and that wait raced with the 303's page load on a busy CI machine twice.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/thank-you[^/]*status=waitlisted$"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you", new() { Timeout = 30_000 });

        await ShotAsync(page, "thank-you-no-javascript");
        var registrations = await Stack.AllRegistrationsAsync(eventId);
        Assert.Contains(registrations, r => r.GetProperty("email").GetString() == "no.script@example.org" && r.GetProperty("status").GetString() == "waitlisted");
    }

    [Fact]
    public async Task The_catalogue_can_be_browsed_filtered_and_searched()
    {
        var samples = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json")))!;
        (await Stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", samples)).EnsureSuccessStatusCode();
        var page = await PageAsync(locale: "cs-CZ");
        await page.GotoAsync(Url("catalogue.html"));
        await page.WaitForSelectorAsync("#clusters article");
        Assert.Equal(12, await page.Locator("#clusters article").CountAsync());
        Assert.Equal("Katalog klastrů", await page.InnerTextAsync("h1"));

        await page.ClickAsync("#more");
        // Locator waits, not WaitForFunctionAsync: the pages' CSP forbids the eval that function polling needs.
        await page.Locator("#clusters article").Nth(12).WaitForAsync();
        await page.SelectOptionAsync("#sector", "health");
        await page.FillAsync("#q", "lodz");
        await page.ClickAsync("#filters button[type=submit]");
        await Assertions.Expect(page.Locator("#clusters article")).ToHaveCountAsync(1);

        Assert.Contains("Łódź", await page.InnerTextAsync("#clusters"));
        await ShotAsync(page, "catalogue");
        await page.ClickAsync("#clusters a");
        await page.WaitForSelectorAsync("#matches article");
        await ShotAsync(page, "cluster-matches");
    }

    [Fact]
    public async Task A_registrant_cancels_from_the_manage_page()
    {
        var eventId = await ForumAsync();
        var registration = await Stack.RegisteredAsync(eventId, Api.Person("cancel.me@example.org", language: "it"));
        var manageUrl = registration.GetProperty("manageUrl").GetString()!;
        Assert.StartsWith(Url("manage.html#id="), manageUrl);
        // The link's language (the registrant's, as their emails) comes before the browser's.
        var page = await PageAsync(locale: "de-DE");
        await page.GotoAsync(manageUrl);
        await page.WaitForSelectorAsync("#status");
        Assert.Equal("Confermata", await page.InnerTextAsync("#status"));
        Assert.Equal("italiano", await page.InnerTextAsync("#emailLanguage")); // Intl.DisplayNames in the page's language
        await ShotAsync(page, "manage");

        await page.ClickAsync("#cancel");
        await page.ClickAsync("#yes");

        await page.WaitForSelectorAsync("#outcome.good");
        Assert.Equal("Annullata", await page.InnerTextAsync("#status"));
        Assert.Equal("cancelled", (await Stack.AllRegistrationsAsync(eventId)).Single().GetProperty("status").GetString());
    }
}
