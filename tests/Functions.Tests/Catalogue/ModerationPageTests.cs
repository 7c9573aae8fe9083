using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Catalogue;

/// <summary>The back-office moderation page: a contact's edit beside the approved version, and working-group requests.</summary>
[Trait("Category", "Slow")]
public sealed class ModerationPageTests : BrowserTests
{
    [Fact]
    public async Task An_organiser_approves_a_pending_edit_and_admits_and_declines_working_group_requests()
    {
        var profile = Clusters.Profile("Approved Name Cluster", sectors: ["ict", "food"]);
        var cluster = await Clusters.ApprovedAsync(Stack, profile);
        await Clusters.SendAsync(Stack, HttpMethod.Put, $"/api/clusters/{cluster.Id}/profile", cluster.Token,
            Clusters.Profile("Edited Name Cluster", sectors: ["ict", "food"], email: Clusters.EmailOf(profile)));
        await Clusters.SendAsync(Stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/ict", cluster.Token);
        await Clusters.SendAsync(Stack, HttpMethod.Post, $"/api/clusters/{cluster.Id}/working-groups/food", cluster.Token);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new() { Width = 1200, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("organisers/moderation.html"));
        await page.FillAsync("#key", TestStack.OrganiserKey);
        await page.ClickAsync("#signin-form button[type=submit]");

        var card = page.Locator($"article[data-cluster='{cluster.Id}']");
        await Assertions.Expect(card.Locator(".pending-edit h4")).ToHaveTextAsync("Edited Name Cluster");
        Assert.Contains("Approved Name Cluster", await card.Locator("h2").InnerTextAsync());
        await card.Locator("button", new() { HasText = "Approve" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("The edit of Approved Name Cluster is approved and in the catalogue.");
        Assert.Equal("Edited Name Cluster", (await Stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{cluster.Id}")).GetProperty("name").GetString());

        // The requests are read again after an edit is approved: they name the cluster as it is now.
        await Assertions.Expect(page.Locator("#requests li").First).ToContainTextAsync("Edited Name Cluster (Czechia) asks to join ICT");
        await page.ClickAsync($"button[data-admit='{cluster.Id}'][data-sector=ict]");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Edited Name Cluster is a member of ICT.");
        await page.ClickAsync($"button[data-decline='{cluster.Id}'][data-sector=food]");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("The request of Edited Name Cluster to join Food is declined.");
        await Assertions.Expect(page.Locator("#requests li")).ToHaveCountAsync(0);

        var ict = await Stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict");
        Assert.Equal([cluster.Id], ict.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Empty((await Stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/food")).GetProperty("members").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await Stack.Organiser.GetAsync("/api/manage/working-groups")).StatusCode);
    }
}
