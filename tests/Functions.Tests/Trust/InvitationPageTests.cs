using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>The registration page of an invited event in headless Chromium: the code from the link's fragment.</summary>
[Trait("Category", "Slow")]
public sealed class InvitationPageTests : BrowserTests
{

    private async Task<IPage> PageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        return await context.NewPageAsync();
    }

    private async Task<string> InvitedEventAsync()
    {
        var body = Api.Forum();
        body["audience"] = "invited";
        return await Stack.CreateEventAsync(body);
    }

    private async Task<string> CodeAsync(string eventId, JsonObject invitation)
    {
        var response = await Stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/invitations", invitation);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task FillAsync(IPage page, string email)
    {
        await page.FillAsync("#firstName", "Jana");
        await page.FillAsync("#lastName", "Nováková");
        await page.FillAsync("#email", email);
        await page.FillAsync("#organisation", "Moravian ICT Cluster");
        await page.SelectOptionAsync("#country", "CZ");
        await page.CheckAsync("#consent");
    }

    [Fact]
    public async Task An_invitation_link_fills_the_code_from_its_fragment_and_registers()
    {
        var eventId = await InvitedEventAsync();
        var code = await CodeAsync(eventId, new JsonObject { ["email"] = "invited.browser@example.org" });
        var page = await PageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync(Url($"register.html?event={eventId}#code={code}"));
        await page.WaitForSelectorAsync("#invitationCode-hint:visible");

        Assert.Equal(code, await page.InputValueAsync("#invitationCode"));
        Assert.DoesNotContain(code, page.Url);
        await FillAsync(page, "invited.browser@example.org");
        await page.ClickAsync("#submit");
        var outcome = await page.WaitForSelectorAsync("#outcome.good");
        Assert.Contains("Your place is confirmed", await outcome!.InnerTextAsync());
        Assert.DoesNotContain(requests, url => url.Contains(code, StringComparison.Ordinal));
        Assert.Single(await Stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task A_missing_or_refused_code_is_shown_at_the_code_field()
    {
        var eventId = await InvitedEventAsync();
        var code = await CodeAsync(eventId, new JsonObject { ["email"] = "someone.else@example.org" });
        var page = await PageAsync();
        await page.GotoAsync(Url($"register.html?event={eventId}"));
        await page.WaitForSelectorAsync("#invitationField:visible");
        await FillAsync(page, "not.invited@example.org");

        await page.ClickAsync("#submit");
        Assert.Equal("Required.", await page.InnerTextAsync("#invitationCode-error"));

        await page.FillAsync("#invitationCode", code);
        await page.ClickAsync("#submit");
        // A locator wait: the page's CSP forbids the eval that WaitForFunctionAsync polls with.
        await page.Locator("#invitationCode-error", new() { HasTextString = "does not open" }).WaitForAsync();
        Assert.Empty(await Stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task A_public_event_shows_no_code_field()
    {
        var eventId = await Stack.CreateEventAsync();
        var page = await PageAsync();

        await page.GotoAsync(Url($"register.html?event={eventId}"));
        await page.WaitForSelectorAsync("text=Register for Exchange forum Linz");

        Assert.False(await page.IsVisibleAsync("#invitationCode"));
    }
}
