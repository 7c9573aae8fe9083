using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Catalogue;

/// <summary>The pages of a cluster's self-service in headless Chromium: present a cluster, the profile behind the link, a working group.</summary>
[Trait("Category", "Slow")]
public sealed class ProfilePageTests : BrowserTests
{
    private async Task<IPage> PageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new() { Width = 1000, Height = 1200 } });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_contact_presents_a_cluster_in_Czech_edits_it_joins_a_working_group_and_withdraws_it()
    {
        var page = await PageAsync("cs-CZ");
        await page.GotoAsync(Url("present.html?lang=cs"));
        await page.ClickAsync("#save");
        Assert.Equal("true", await page.GetAttributeAsync("#f-name", "aria-invalid"));
        Assert.False(await page.Locator("#summary").IsHiddenAsync());

        await page.FillAsync("#f-name", "Jihomoravský ICT klastr");
        await page.SelectOptionAsync("#f-country", "CZ");
        await page.FillAsync("#f-city", "Brno");
        await page.FillAsync("#f-description", "Sdružení firem a univerzit v oboru ICT.");
        await page.CheckAsync("input[name=sectors][value=ict]");
        await page.FillAsync("#f-memberCount", "42");
        await page.CheckAsync("input[name=memberTypes][value=companies]");
        await page.CheckAsync("input[name=memberTypes][value=research]");
        await page.FillAsync("#f-offers", "market-access, testbeds");
        await page.FillAsync("#f-contact-name", "Jana Nováková");
        await page.FillAsync("#f-contact-email", "jana.profile@example.cz");
        await page.ClickAsync("#save");
        var link = await page.Locator("#manage-link").GetAttributeAsync("href");
        Assert.Contains("profile.html#id=", link);
        var id = Uri.UnescapeDataString(new Uri(link!).Fragment.Split('&')[0]["#id=".Length..]);

        await page.GotoAsync(link!);
        await page.Locator("#status").WaitForAsync();
        Assert.Equal("cs", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Čeká na schválení", await page.InnerTextAsync("#status"));
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Null(await page.GetAttributeAsync("html", "data-missing-texts"));

        Assert.Equal(System.Net.HttpStatusCode.OK, (await Stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null)).StatusCode);
        await page.ReloadAsync();
        await page.Locator("#status").WaitForAsync();
        await page.ClickAsync("button.join[data-sector=ict]");
        await Assertions.Expect(page.Locator("li[data-sector=ict] .state")).ToHaveTextAsync("žádost čeká na organizátory");

        await page.FillAsync("#f-name", "Jihomoravský ICT klastr z. s.");
        await page.ClickAsync("#save");
        await page.Locator("#pending-edit").WaitForAsync();
        var shown = await Stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{id}");
        Assert.Equal("Jihomoravský ICT klastr", shown.GetProperty("name").GetString());

        await page.ClickAsync("#withdraw");
        await page.ClickAsync("#yes");
        await page.Locator("#withdrawn").WaitForAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Stack.Client.GetAsync($"/api/clusters/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_working_group_page_lists_its_members_with_the_date_they_joined()
    {
        var profile = Clusters.Profile("Listed Food Cluster", sectors: ["food"]);
        var cluster = await Clusters.ApprovedAsync(Stack, profile);
        await Clusters.SendAsync(Stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/food", cluster.Token);
        await Stack.Organiser.PostAsync($"/api/manage/working-groups/food/members/{cluster.Id}/approve", null);
        var page = await PageAsync();

        await page.GotoAsync(Url("working-group.html?sector=food&lang=en"));

        var row = page.Locator($"#members tr[data-cluster='{cluster.Id}']");
        await row.WaitForAsync();
        Assert.Contains("Listed Food Cluster", await row.InnerTextAsync());
        Assert.Equal("Working group Food", await page.InnerTextAsync("h1"));
        Assert.NotNull(await row.Locator("time").GetAttributeAsync("datetime"));
        Assert.Null(await page.GetAttributeAsync("html", "data-missing-texts"));
    }
}
