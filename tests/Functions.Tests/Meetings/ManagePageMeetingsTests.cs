using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>The meetings section of the manage page in Chromium: opting in, requesting, answering, the agenda.</summary>
[Trait("Category", "Slow")]
public sealed class ManagePageMeetingsTests : BrowserTests
{
    private async Task<IPage> OpenAsync(JsonElement registration)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new() { Width = 1000, Height = 1400 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(registration.GetProperty("manageUrl").GetString()!);
        await page.WaitForSelectorAsync("#status");
        return page;
    }

    [Fact]
    public async Task A_registrant_opts_in_requests_a_meeting_and_the_other_accepts_and_sees_the_agenda()
    {
        var forum = await MeetingForum.CreateAsync(Stack);
        var (ben, _) = await forum.JoinAsync("Ben");
        var anna = await Stack.RegisteredAsync(forum.EventId, Api.Person($"anna{Guid.NewGuid():N}@example.org", "Anna"));

        var page = await OpenAsync(anna);
        await page.WaitForSelectorAsync("#meetingProfile");
        await page.FillAsync("#meetingOffers", "market access, pilots");
        await page.ClickAsync("#saveMeetingProfile");
        await page.WaitForSelectorAsync("#participants li");
        Assert.Contains("Ben Nováková", await page.InnerTextAsync("#participants"));
        Assert.DoesNotContain("@", await page.InnerTextAsync("#meetings"));

        await page.ClickAsync("#participants summary");
        await page.FillAsync("#participants textarea", "Let us meet about pilots.");
        await page.ClickAsync("#participants button.send");
        await page.WaitForSelectorAsync("#meetingRequests li");
        Assert.Contains("You asked Ben Nováková", await page.InnerTextAsync("#meetingRequests"));

        // Ben answers from his page, opened from the email's link at the meetings section.
        var bens = await OpenAsync(ben.Registration);
        await bens.WaitForSelectorAsync("#meetingRequests button[data-answer=accept]");
        Assert.Contains("Let us meet about pilots.", await bens.InnerTextAsync("#meetingRequests"));
        await bens.ClickAsync("#meetingRequests button[data-answer=accept]");
        await Assertions.Expect(bens.Locator("#meetingRequests .state")).ToHaveTextAsync("accepted");

        await forum.ScheduledAsync();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#agenda ol li");
        var agenda = await page.InnerTextAsync("#agenda");
        Assert.Contains("Ben Nováková", agenda);
        Assert.Contains("Table 1", agenda);
        Assert.Equal(1, await page.Locator("#agendaCalendar").CountAsync());
        Assert.Equal(1, await page.Locator("#meetingRequests button[data-answer=withdraw]").CountAsync());

        // Once the meeting has begun (the forum's sessions are 30 and 31 days after the test's start), it can no
        // longer be withdrawn, and the page offers no button for it.
        await page.Clock.SetFixedTimeAsync(TestStack.Start.AddDays(32).UtcDateTime);
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#meetingRequests li");
        await Assertions.Expect(page.Locator("#meetingRequests .state")).ToHaveTextAsync("accepted");
        Assert.Equal(0, await page.Locator("#meetingRequests button[data-answer=withdraw]").CountAsync());

        // Ben erased after it began: the API answers his side unnamed (MeetingTests), and the page says who he was.
        // The answer is rewritten in the browser: the stack's clock is shared with other tests and cannot move 32 days.
        await page.RouteAsync("**/agenda", async route =>
        {
            var response = await route.FetchAsync();
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            foreach (var item in body["items"]!.AsArray())
            {
                item!["with"] = new System.Text.Json.Nodes.JsonObject { ["participantId"] = item["with"]!["participantId"]!.GetValue<string>(), ["name"] = "", ["organisation"] = "", ["clusterId"] = null };
            }
            await route.FulfillAsync(new() { Response = response, Body = body.ToJsonString() });
        });
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#agenda ol li");
        Assert.Contains("A participant who has since left", await page.InnerTextAsync("#agenda"));
        Assert.DoesNotContain("()", await page.InnerTextAsync("#agenda"));
    }

    [Fact]
    public async Task An_organiser_runs_the_scheduler_from_the_back_office_and_sees_the_grid()
    {
        var forum = await MeetingForum.CreateAsync(Stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        await forum.AcceptedAsync(anna, ben);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("organisers/"));
        await page.FillAsync("#key", TestStack.OrganiserKey);
        await page.ClickAsync("#signin-form button[type=submit]");
        await page.ClickAsync($"article[data-event='{forum.EventId}'] a[href^='meetings.html']");
        await Assertions.Expect(page.Locator("#content")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#grid")).ToContainTextAsync("No meetings are published yet.");

        await page.ClickAsync("#schedule");

        await Assertions.Expect(page.Locator("#schedule-report")).ToContainTextAsync("1 meetings scheduled of at most 1");
        var cell = page.Locator("#grid td[data-table='1']", new() { HasText = "Anna Nováková" });
        await Assertions.Expect(cell).ToHaveCountAsync(1);
        Assert.Contains("Ben Nováková", await cell.InnerTextAsync());
        Assert.Equal(3, await page.Locator("#grid thead th[scope=col]").CountAsync() - 1);

        // The workbook, fetched with the organiser key: the meeting is in the grid.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-xlsx"));
        Assert.Equal($"{forum.EventId}-meetings.xlsx", download.SuggestedFilename);
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await download.PathAsync())));
        Assert.Contains(workbook.Worksheets.Take(2).SelectMany(w => w.CellsUsed()), c => c.GetString().StartsWith("Anna Nováková (Moravian ICT Cluster) – Ben Nováková", StringComparison.Ordinal)
            || c.GetString().StartsWith("Ben Nováková (Moravian ICT Cluster) – Anna Nováková", StringComparison.Ordinal));
    }
}
