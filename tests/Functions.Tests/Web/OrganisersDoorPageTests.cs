using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Web;

/// <summary>
/// The back-office's door page and the event routes in Chromium against DevHost and Azurite: check in by a
/// name typed without diacritics for a chosen day and undo it, check in by the QR code of the confirmation
/// email, add a walk-in (a field error first, then an address already registered), download the XLSX and
/// read it back, see the check-in counted; move an event's venue (registrants get the update), write to the
/// confirmed with a preview, cancel the event, and find all of it in the audit log.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class OrganisersDoorPageTests : BrowserTests
{
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<IPage> SignedInPageAsync(string path, int width = 1200, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new() { Width = width, Height = height }, TimezoneId = "Europe/Prague",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(path));
        await page.FillAsync("#key", TestStack.OrganiserKey);
        await page.ClickAsync("#signin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#content")).ToBeVisibleAsync();
        return page;
    }

    private Task ShotAsync(IPage page, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "organisers-" + name + ".png"), FullPage = true });

    private static JsonObject ThreeDays()
    {
        var forum = Api.Forum(50, new DateTimeOffset(2027, 2, 10, 8, 0, 0, TimeSpan.Zero));
        forum["endsAt"] = new DateTimeOffset(2027, 2, 12, 15, 0, 0, TimeSpan.Zero).ToString("o");
        return forum;
    }

    private async Task<JsonElement> RecordAsync(string eventId, string email)
        => (await Stack.AllRegistrationsAsync(eventId)).Single(r => r.GetProperty("email").GetString() == email);

    private static string[] Days(JsonElement record)
        => record.TryGetProperty("checkedInDays", out var days) && days.ValueKind == JsonValueKind.Array ? days.EnumerateArray().Select(d => d.GetString()!).ToArray() : [];

    [GeneratedRegex(@"CC1\.[A-Za-z0-9.\-]+")]
    private static partial Regex CheckInCode();

    [Fact]
    public async Task A_search_answered_while_a_check_in_is_on_its_way_does_not_undo_it_on_screen()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDays());
        await Stack.RegisteredAsync(eventId, Api.Person("eva.door@example.org", firstName: "Eva"));
        var page = await SignedInPageAsync($"organisers/door.html?event={eventId}", 390, 844);
        await page.Locator("#q").FillAsync("eva");
        var results = page.Locator("#results li");
        await Assertions.Expect(results).ToHaveCountAsync(1);

        // The check-in is held back until a newer search (typed meanwhile) has answered and redrawn the list
        // with the record as it was before the check-in: the check-in's answer must still show on screen.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/check-in", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.ClickAsync("#results button[aria-label='Check in Eva Nováková']");
        var searched = page.WaitForResponseAsync(r => r.Url.Contains("/registrations?", StringComparison.Ordinal));
        await page.Locator("#q").FillAsync("eva ");
        await searched;
        await Assertions.Expect(results.First.Locator("button", new() { HasText = "Check in" })).ToBeVisibleAsync();
        release.SetResult();

        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Eva Nováková is checked in for");
        await Assertions.Expect(results.First).ToContainTextAsync("checked in on");
        Assert.Single(Days(await RecordAsync(eventId, "eva.door@example.org")));
    }

    [Fact]
    public async Task At_the_door_an_organiser_checks_in_by_name_and_by_QR_code_adds_a_walk_in_and_exports_the_list()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDays());
        await Stack.RegisteredAsync(eventId, Api.Person("jana.door@example.org", firstName: "Jana"));
        await Stack.RegisteredAsync(eventId, Api.Person("petr.door@example.org", firstName: "Petr"));
        var page = await SignedInPageAsync($"organisers/door.html?event={eventId}", 390, 844);
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("At the door: Exchange forum Linz");
        // The event's three days are offered; before it starts the first is chosen.
        await Assertions.Expect(page.Locator("#day option")).ToHaveCountAsync(3);
        Assert.Equal("2027-02-10", await page.InputValueAsync("#day"));
        // Headless Chromium on Linux has no BarcodeDetector: the camera button stays hidden.
        var hasDetector = await page.EvaluateAsync<bool>("() => 'BarcodeDetector' in window");
        Assert.Equal(!hasDetector, await page.Locator("#scan").IsHiddenAsync());

        // By name, typed without diacritics, for the second day; then undone.
        await page.SelectOptionAsync("#day", "2027-02-11");
        await page.Locator("#q").PressSequentiallyAsync("jana novakova");
        var results = page.Locator("#results li");
        await Assertions.Expect(results).ToHaveCountAsync(1);
        await Assertions.Expect(results.First).ToContainTextAsync("Jana Nováková");
        await page.ClickAsync("#results button[aria-label='Check in Jana Nováková']");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Jana Nováková is checked in for");
        await Assertions.Expect(results.First).ToContainTextAsync("checked in on");
        Assert.Equal(["2027-02-11"], Days(await RecordAsync(eventId, "jana.door@example.org")));
        await ShotAsync(page, "door-checked-in");
        await page.Locator("#results button", new() { HasText = "Undo check-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("The check-in of Jana Nováková on");
        Assert.Empty(Days(await RecordAsync(eventId, "jana.door@example.org")));

        // By the QR code's value from Petr's confirmation email, pasted in, for the first day.
        var (request, personalization) = Assert.Single(await Stack.EmailsToAsync("petr.door@example.org"));
        var code = CheckInCode().Match(Mail.Filled(request, personalization).Text).Value;
        Assert.StartsWith("CC1.", code);
        await page.SelectOptionAsync("#day", "2027-02-10");
        await page.FillAsync("#code", "CC1.not-a-code");
        await page.ClickAsync("#code-form button[type=submit]");
        await Assertions.Expect(page.Locator("#code-error")).ToHaveTextAsync("This code is not valid for this event.");
        await page.FillAsync("#code", code);
        await page.ClickAsync("#code-form button[type=submit]");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Petr Nováková is checked in for");
        Assert.Equal(["2027-02-10"], Days(await RecordAsync(eventId, "petr.door@example.org")));

        // A walk-in: the server's error next to its field, then added with a seat; an address already registered shows that person.
        await page.FillAsync("#w-firstName", "Walter");
        await page.FillAsync("#w-lastName", "Dörfler");
        await page.FillAsync("#w-organisation", "Upper Austrian Energy Cluster");
        await page.SelectOptionAsync("#w-role", "clusterMember");
        await page.ClickAsync("#w-add");
        await Assertions.Expect(page.Locator("#w-email-error")).Not.ToBeEmptyAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#w-email", "aria-invalid"));
        await ShotAsync(page, "door-walk-in-error");
        await page.FillAsync("#w-email", "walter.walkin@example.org");
        await page.ClickAsync("#w-add");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Walter Dörfler is registered with a seat. Check them in below.");
        Assert.Equal("confirmed", (await RecordAsync(eventId, "walter.walkin@example.org")).GetProperty("status").GetString());
        await page.FillAsync("#w-firstName", "Jana");
        await page.FillAsync("#w-lastName", "Nováková");
        await page.FillAsync("#w-email", "jana.door@example.org");
        await page.FillAsync("#w-organisation", "Moravian ICT Cluster");
        await page.ClickAsync("#w-add");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Jana Nováková is already registered: check them in below.");
        await Assertions.Expect(page.Locator("#results button[aria-label='Check in Jana Nováková']")).ToBeVisibleAsync();
        await ShotAsync(page, "door");

        // The list: the XLSX downloaded through fetch with the key, and the counts show Petr's check-in.
        await page.ClickAsync("#registrations-link");
        await Assertions.Expect(page.Locator("#list tbody tr")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        Assert.Equal($"{eventId}-registrations.xlsx", download.SuggestedFilename);
        using (var workbook = new XLWorkbook(File.OpenRead((await download.PathAsync())!)))
        {
            Assert.Equal(["confirmed", "waitlisted", "cancelled"], workbook.Worksheets.Select(w => w.Name).ToArray());
            var confirmed = workbook.Worksheet("confirmed");
            Assert.Equal("id", confirmed.Cell(1, 1).GetString());
            Assert.Equal("email", confirmed.Cell(1, 4).GetString());
            Assert.Contains("walter.walkin@example.org", confirmed.Column(4).CellsUsed().Select(c => c.GetString()));
        }
        await page.SelectOptionAsync("#separator", "semicolon");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        Assert.Contains(";", (await File.ReadAllLinesAsync((await csv.PathAsync())!))[0]);

        var firstDay = page.Locator("#summary-days tbody tr").First;
        await Assertions.Expect(page.Locator("#summary-days tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(firstDay.Locator("th")).ToContainTextAsync("10 Feb 2027");
        await Assertions.Expect(firstDay.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(firstDay.Locator("td").Nth(1)).ToHaveTextAsync("1");

        // Server-side filters: checked in on the chosen day.
        await page.SelectOptionAsync("#f-day", "2027-02-10");
        await page.SelectOptionAsync("#f-checked", "true");
        await Assertions.Expect(page.Locator("#list tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#list tbody")).ToContainTextAsync("petr.door@example.org");
        await ShotAsync(page, "registrations-counts");
    }

    [Fact]
    public async Task An_organiser_moves_the_venue_writes_to_the_confirmed_cancels_the_event_and_finds_it_all_in_the_audit_log()
    {
        var eventId = await Stack.CreateEventAsync();
        await Stack.RegisteredAsync(eventId, Api.Person("eva.moved@example.org", firstName: "Eva"));
        await Stack.RegisteredAsync(eventId, Api.Person("karel.moved@example.org", firstName: "Karel", language: "cs"));
        var draft = Api.Forum();
        draft["status"] = "draft";
        draft["title"] = new JsonObject { ["en"] = "Draft forum Graz" };
        var draftId = await Stack.CreateEventAsync(draft);
        var page = await SignedInPageAsync("organisers/");
        // A draft is listed for organisers (not in the public programme) and its form shows its status.
        await Assertions.Expect(page.Locator($"#upcoming article[data-event='{draftId}'] .tag", new() { HasText = "Draft" })).ToHaveCountAsync(1);
        await page.GotoAsync(Url($"organisers/event.html?id={draftId}"));
        await Assertions.Expect(page.Locator("#status-draft")).ToBeCheckedAsync();
        await page.GotoAsync(Url("organisers/"));
        var card = page.Locator($"#upcoming article[data-event='{eventId}']");
        await Assertions.Expect(card.Locator("h3")).ToHaveTextAsync("Exchange forum Linz");
        await Assertions.Expect(card).ToContainTextAsync("2 of 50 seats taken");

        // The venue moves: both registrants get the update.
        await card.Locator("a", new() { HasText = "Edit" }).ClickAsync();
        await Assertions.Expect(page.Locator("#venue")).ToHaveValueAsync("Tabakfabrik");
        Assert.True(await page.IsCheckedAsync("#status-published"));
        await page.FillAsync("#venue", "Posthof");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("The event was saved.");
        var eva = await Stack.EmailsToAsync("eva.moved@example.org");
        Assert.Equal(2, eva.Count);
        Assert.Contains("Posthof", Mail.Filled(eva[1].Request, eva[1].Personalization).Text);
        Assert.Equal(2, (await Stack.EmailsToAsync("karel.moved@example.org")).Count);

        // Write to the confirmed: a preview per language, then sent, and listed.
        await page.GotoAsync(Url($"organisers/messages.html?event={eventId}"));
        await page.FillAsync("#subject-en", "Room change");
        await page.FillAsync("#body-en", "We meet in the Posthof's main hall.\n\nSee you there.");
        await page.ClickAsync("#message-form details summary");
        await page.FillAsync("#subject-cs", "Změna sálu");
        await page.FillAsync("#body-cs", "Sejdeme se v hlavním sále Posthofu.");
        await page.ClickAsync("#preview-button");
        var english = page.Locator("#preview article[data-language='en']");
        await Assertions.Expect(english.Locator("h3")).ToContainTextAsync("recipient");
        await Assertions.Expect(english.Locator(".preview-subject")).ToContainTextAsync("Room change");
        await Assertions.Expect(english.Locator(".preview-html")).ToContainTextAsync("main hall");
        await Assertions.Expect(page.Locator("#preview article")).ToHaveCountAsync(2); // Eva in English, Karel in Czech
        await Assertions.Expect(page.Locator("#preview article[data-language='cs'] .preview-subject")).ToContainTextAsync("Změna sálu");
        await ShotAsync(page, "messages-preview");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("The message is on its way to 2 people.");
        await Assertions.Expect(page.Locator("#sent tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#sent tbody tr")).ToContainTextAsync("Room change");
        var written = await Stack.EmailsToAsync("eva.moved@example.org");
        Assert.Contains(written, e => Mail.Filled(e.Request, e.Personalization).Text.Contains("main hall"));
        Assert.Contains(await Stack.EmailsToAsync("karel.moved@example.org"), e => Mail.Filled(e.Request, e.Personalization).Text.Contains("hlavním sále"));

        // Cancel, asked once more first.
        await page.GotoAsync(Url($"organisers/event.html?id={eventId}"));
        await page.ClickAsync("#cancel-event");
        await page.ClickAsync("#keep-event");
        Assert.Equal("published", (await Stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}")).GetProperty("status").GetString());
        await page.ClickAsync("#cancel-event");
        await page.ClickAsync("#confirm-cancel-event");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("The event is cancelled; its registrants are being emailed.");
        await Assertions.Expect(page.Locator("#cancelled-state")).ToBeVisibleAsync();
        Assert.True(await page.IsDisabledAsync("#save"));
        Assert.Equal("cancelled", (await Stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}")).GetProperty("status").GetString());
        await page.ClickAsync("nav >> text=Events");
        await Assertions.Expect(page.Locator($"article[data-event='{eventId}'] .tag", new() { HasText = "Cancelled" })).ToHaveCountAsync(1);

        // The audit log, newest first.
        await page.ClickAsync("nav >> text=Audit log");
        var rows = page.Locator("#audit tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("POST /api/manage/events/{eventId}/cancel");
        await Assertions.Expect(rows.First).ToContainTextAsync($"eventId={eventId}");
        var log = await page.InnerTextAsync("#audit tbody");
        Assert.Contains("POST /api/manage/events/{eventId}/messages", log);
        Assert.Contains("PUT /api/manage/events/{eventId}", log);
        await ShotAsync(page, "audit");
    }
}
