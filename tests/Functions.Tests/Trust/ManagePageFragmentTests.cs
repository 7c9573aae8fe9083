using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// The website's side of issue #13, points 1 and 2, in a real headless Chromium (as in WebPageTests):
/// the manage page works from a fragment link, sends the token only in the header, and wipes the
/// fragment from the address bar; a repeat registration shows no link.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ManagePageFragmentTests : BrowserTests
{

    private async Task<IPage> PageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", AcceptDownloads = true });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task The_manage_page_opens_from_the_fragment_sends_the_header_and_wipes_the_fragment()
    {
        var eventId = await Stack.CreateEventAsync(Api.Forum());
        var registration = await Stack.RegisteredAsync(eventId, Api.Person("fragment.link@example.org"));
        var manageUrl = registration.GetProperty("manageUrl").GetString()!;
        var (_, token) = Api.ManageLink(manageUrl);
        var page = await PageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync(manageUrl);
        await page.WaitForSelectorAsync("#status");

        Assert.Equal("Confirmed", await page.InnerTextAsync("#status"));
        Assert.Equal(Url("manage.html"), page.Url);
        Assert.Equal("", await page.EvaluateAsync<string>("location.hash"));
        Assert.DoesNotContain(token, await page.EvaluateAsync<string>("location.href"));

        // The calendar comes through fetch with the header, handed over as a download.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#calendar"));
        Assert.Equal($"{eventId}.ics", download.SuggestedFilename);
        Assert.StartsWith("BEGIN:VCALENDAR", await File.ReadAllTextAsync((await download.PathAsync())!));

        // A reload in the same tab still works, without the fragment.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#status");
        await page.ClickAsync("#cancel");
        await page.ClickAsync("#yes");
        await page.WaitForSelectorAsync("#outcome.good");
        Assert.Equal("Cancelled", await page.InnerTextAsync("#status"));
        Assert.Equal("cancelled", (await Stack.AllRegistrationsAsync(eventId)).Single().GetProperty("status").GetString());
        Assert.DoesNotContain(requested, url => url.Contains(token, StringComparison.Ordinal) && !url.StartsWith(Url("manage.html#"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registering_again_says_the_link_was_emailed_and_shows_no_link()
    {
        var eventId = await Stack.CreateEventAsync(Api.Forum());
        await Stack.RegisteredAsync(eventId, Api.Person("twice.here@example.org"));
        var page = await PageAsync();
        await page.GotoAsync(Url($"register.html?event={eventId}"));
        await page.WaitForSelectorAsync("text=Register for Exchange forum Linz");
        await page.FillAsync("#firstName", "Someone");
        await page.FillAsync("#lastName", "Else");
        await page.FillAsync("#email", "twice.here@example.org");
        await page.FillAsync("#organisation", "Elsewhere");
        await page.SelectOptionAsync("#country", "AT");
        await page.CheckAsync("#consent");

        await page.ClickAsync("#submit");

        var outcome = await page.WaitForSelectorAsync("#outcome.good");
        Assert.Contains("emailed the link to your registration again", await outcome!.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#outcome a").CountAsync());

        await page.GotoAsync(Url("thank-you.html?status=alreadyRegistered"));
        // The page fills its texts once its language file has loaded: wait for the text, do not read at once.
        await page.Locator("#message", new() { HasTextString = "emailed the link to your registration again" }).WaitForAsync();
    }
}
