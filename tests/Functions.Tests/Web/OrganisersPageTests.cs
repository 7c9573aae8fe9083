using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Web;

/// <summary>
/// The organisers' back-office (<c>web/organisers/</c>) in Chromium against DevHost and Azurite: an organiser
/// signs in with the key (a wrong one refused), creates a 3-day event in two languages (a validation error
/// shown next to its field first), finds it in the list, watches registrations arrive and checks one in,
/// approves a cluster, uploads a report, imports indicators with a bad line, and retries an undelivered
/// email; axe-core on every back-office page at desktop and phone width. Screenshots go to TestResults/screenshots.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OrganisersPageTests : BrowserTests
{
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<IPage> PageAsync(int width = 1200, int height = 1000, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new() { Width = width, Height = height }, BypassCSP = bypassCsp, TimezoneId = "Europe/Prague",
        });
        return await context.NewPageAsync();
    }

    private Task ShotAsync(IPage page, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "organisers-" + name + ".png"), FullPage = true });

    /// <summary>Opens a back-office page and signs in with the organiser key (kept for the tab from then on).</summary>
    private async Task SignInAsync(IPage page, string path = "organisers/")
    {
        await page.GotoAsync(Url(path));
        await page.FillAsync("#key", TestStack.OrganiserKey);
        await page.ClickAsync("#signin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#content")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_organiser_signs_in_creates_a_three_day_event_and_checks_a_registrant_in()
    {
        var page = await PageAsync();
        await page.GotoAsync(Url("organisers/"));
        await page.Locator("#signin").WaitForAsync();
        Assert.False(await page.IsVisibleAsync("#content"));
        await ShotAsync(page, "sign-in");

        // A wrong key is refused, and the form asks again.
        await page.FillAsync("#key", "not-the-key");
        await page.ClickAsync("#signin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#key-error")).ToHaveTextAsync("That key was refused. Check it and try again.");
        Assert.Equal("true", await page.GetAttributeAsync("#key", "aria-invalid"));
        Assert.False(await page.IsVisibleAsync("#content"));

        await page.FillAsync("#key", TestStack.OrganiserKey);
        await page.ClickAsync("#signin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#content")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#content h1")).ToHaveTextAsync("Events");
        Assert.Equal(TestStack.OrganiserKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('clusterscord.organiserKey')"));

        // The full event form: three days in Prague's time, titles in English and Czech.
        await page.ClickAsync("text=New event");
        await page.Locator("#event-form #title-en").WaitForAsync();
        await page.FillAsync("#id", "forum-brno");
        await page.FillAsync("#title-en", "Exchange forum Brno");
        await page.FillAsync("#title-cs", "Výměnné fórum Brno");
        await page.FillAsync("#description-en", "Three days of ICT and health clusters.");
        await page.SelectOptionAsync("#timeZone", "Europe/Prague");
        await page.FillAsync("#startsAt", "2027-03-08T09:00");
        await page.FillAsync("#endsAt", "2027-03-10T17:00");
        await page.FillAsync("#venue", "Brno Exhibition Centre");
        await page.FillAsync("#city", "Brno");
        await page.SelectOptionAsync("#country", "CZ");
        await page.CheckAsync("#sector-ict");
        await page.CheckAsync("#sector-health");
        await page.FillAsync("#capacity", "150");
        await page.FillAsync("#opensAt", "2027-01-01T09:00");
        await page.FillAsync("#closesAt", "2026-12-01T09:00"); // before it opens: the server refuses it

        await page.ClickAsync("#save");

        await Assertions.Expect(page.Locator("#closesAt-error")).ToHaveTextAsync("Must be after opensAt.");
        Assert.Equal("true", await page.GetAttributeAsync("#closesAt", "aria-invalid"));
        Assert.Contains("closesAt-error", await page.GetAttributeAsync("#closesAt", "aria-describedby"));
        Assert.Equal("alert", await page.GetAttributeAsync("#summary", "role"));
        Assert.True(await page.IsVisibleAsync("#summary"));
        await ShotAsync(page, "event-field-error");
        Assert.Equal(HttpStatusCode.NotFound, (await Stack.Client.GetAsync("/api/events/forum-brno")).StatusCode);

        await page.FillAsync("#closesAt", "2027-03-01T18:00");
        await page.ClickAsync("#save");

        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("The event was created.");
        Assert.False(await page.IsVisibleAsync("#closesAt-error"));
        var saved = await Stack.Client.GetFromJsonAsync<JsonElement>("/api/events/forum-brno?lang=cs");
        Assert.Equal("Výměnné fórum Brno", saved.GetProperty("title").GetString());
        Assert.Equal(DateTimeOffset.Parse("2027-03-08T09:00:00+01:00"), saved.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2027-03-10T17:00:00+01:00"), saved.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(150, saved.GetProperty("capacity").GetInt32());
        Assert.True(saved.GetProperty("registration").GetProperty("isOpen").GetBoolean());
        await ShotAsync(page, "event-created");

        // The list shows it among the upcoming events.
        await page.ClickAsync("nav >> text=Events");
        var card = page.Locator("#upcoming article[data-event='forum-brno']");
        await Assertions.Expect(card.Locator("h3")).ToHaveTextAsync("Exchange forum Brno");
        await ShotAsync(page, "events");

        // Registrations arrive through the public API; the organiser sees them and checks one in.
        await card.Locator("a", new() { HasText = "Registrations" }).ClickAsync();
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync("0 of 0 registrations shown");
        var jana = await Stack.RegisteredAsync("forum-brno", Api.Person("jana.door@example.org", firstName: "Jana"));
        await Stack.RegisteredAsync("forum-brno", Api.Person("petr.door@example.org", firstName: "Petr"));
        await page.ClickAsync("#refresh");
        await Assertions.Expect(page.Locator("#list tbody tr")).ToHaveCountAsync(2);

        await page.ClickAsync("button[aria-label='Check in Jana Nováková']");

        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Jana Nováková is checked in.");
        var janaId = jana.GetProperty("id").GetString();
        var records = await Stack.AllRegistrationsAsync("forum-brno");
        Assert.True(records.Single(r => r.GetProperty("id").GetString() == janaId).TryGetProperty("checkedInAt", out var checkedIn) && checkedIn.ValueKind == JsonValueKind.String);
        await page.SelectOptionAsync("#f-checked", "true");
        await Assertions.Expect(page.Locator("#list tbody tr")).ToHaveCountAsync(1);
        Assert.Contains("jana.door@example.org", await page.InnerTextAsync("#list tbody"));
        await ShotAsync(page, "registrations");

        // Cancel for a registrant (asked once more on the spot), the CSV export, an invitation code shown once.
        await page.SelectOptionAsync("#f-checked", "");
        await page.ClickAsync("button[aria-label='Cancel the registration of Petr Nováková']");
        await page.ClickAsync("text=Yes, cancel Petr Nováková");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("The registration of Petr Nováková is cancelled.");
        records = await Stack.AllRegistrationsAsync("forum-brno");
        Assert.Equal("cancelled", records.Single(r => r.GetProperty("email").GetString() == "petr.door@example.org").GetProperty("status").GetString());
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("jana.door@example.org", csv);
        Assert.Equal("forum-brno-registrations.csv", download.SuggestedFilename);
        await page.FillAsync("#inv-organisation", "Moravian ICT Cluster");
        await page.ClickAsync("text=Issue invitation");
        await Assertions.Expect(page.Locator("#issued-code")).Not.ToBeEmptyAsync();
        Assert.Contains("#code=", await page.InputValueAsync("#issued-link"));
        await Assertions.Expect(page.Locator("#invitation-list tbody tr")).ToHaveCountAsync(1);

        // Signing out forgets the key.
        await page.ClickAsync("#signout");
        await page.Locator("#signin").WaitForAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('clusterscord.organiserKey')"));
    }

    [Fact]
    public async Task An_organiser_approves_a_cluster_uploads_a_report_imports_indicators_and_retries_an_undelivered_email()
    {
        var clusterId = await SubmitClusterAsync("Brno Health Valley");
        var eventId = await Stack.CreateEventAsync();
        await PoisonAConfirmationAsync(eventId, "undelivered.once@example.org");
        var page = await PageAsync();
        await SignInAsync(page, "organisers/moderation.html");

        // Moderation: the pending profile with its ECCP criteria, approved into the catalogue.
        var card = page.Locator($"article[data-cluster='{clusterId}']");
        await Assertions.Expect(card.Locator(".criteria li")).ToHaveCountAsync(3);
        Assert.Contains("At least 15 members (has 40)", await card.InnerTextAsync());
        await ShotAsync(page, "moderation");
        await card.Locator("button", new() { HasText = "Approve" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Brno Health Valley is approved and in the catalogue.");
        await Assertions.Expect(card).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.OK, (await Stack.Client.GetAsync($"/api/clusters/{clusterId}")).StatusCode);

        // A report, with the upload's progress; then indicators, one line of which names no cluster.
        await page.ClickAsync("nav >> text=Benchmarking results");
        await page.Locator("#report-file").WaitForAsync();
        await page.SetInputFilesAsync("#report-file", Path.Combine(RepositoryPaths.Root, "data", "sample-report.pdf"));
        await page.FillAsync("#report-title", "Benchmarking 2026");
        await page.ClickAsync("#upload");
        await Assertions.Expect(page.Locator("#report-result")).ToContainTextAsync("Uploaded \"Benchmarking 2026\"");
        Assert.Equal(100, await page.EvalOnSelectorAsync<int>("#report-progress", "p => p.value"));
        var reports = await Stack.Client.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports");
        Assert.Contains(reports.GetProperty("items").EnumerateArray(), r => r.GetProperty("title").GetString() == "Benchmarking 2026");

        await page.SetInputFilesAsync("#indicators-file", new FilePayload
        {
            Name = "indicators.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"clusterId,year,indicator,value,unit\n{clusterId},2026,members,40,count\nno-such-cluster,2026,members,12,count\n"),
        });
        await page.ClickAsync("#import");
        await Assertions.Expect(page.Locator("#import-outcome")).ToHaveTextAsync("1 value imported, 1 line rejected.");
        var rejected = page.Locator("#rejected tbody tr");
        await Assertions.Expect(rejected).ToHaveCountAsync(1);
        Assert.Equal("3", (await rejected.Locator("td").First.InnerTextAsync()).Trim());
        await ShotAsync(page, "results");

        // The undelivered email goes back to the queue and arrives once delivery runs.
        await page.ClickAsync("nav >> text=Undelivered emails");
        var retry = page.Locator("#undelivered button", new() { HasText = "Retry" });
        await Assertions.Expect(retry).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#undelivered tbody tr")).ToContainTextAsync("Failed every attempt");
        await ShotAsync(page, "emails");
        await retry.ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("The email is back on the delivery queue.");
        await Assertions.Expect(page.Locator("#undelivered")).ToHaveTextAsync("No undelivered emails.");
        // Nothing to that address until delivery runs (the cluster's acknowledgement went out before).
        Assert.DoesNotContain(Stack.Outbox.Snapshot(), e => e.Request.GetRawText().Contains("undelivered.once@example.org", StringComparison.Ordinal));
        Assert.Single(await Stack.EmailsToAsync("undelivered.once@example.org"));
    }

    [Fact]
    public async Task Axe_finds_no_violations_on_any_back_office_page_at_desktop_and_phone_width()
    {
        var eventId = await Stack.CreateEventAsync();
        await Stack.RegisteredAsync(eventId, Api.Person("axe.one@example.org"));
        await SubmitClusterAsync("Axe Test Cluster");
        await PoisonAConfirmationAsync(eventId, "axe.two@example.org");
        var axe = Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "axe-core is missing: ./test installs it from package-lock.json.");
        var pages = new (string Name, string Path, string Ready)[]
        {
            ("events", "organisers/index.html", "#upcoming article"),
            ("event-new", "organisers/event.html", "#title-en"),
            ("event-edit", $"organisers/event.html?id={eventId}", "#title-en"),
            ("registrations", $"organisers/registrations.html?event={eventId}", "#summary-days tbody tr"),
            ("moderation", "organisers/moderation.html", "#pending article"),
            ("results", "organisers/results.html", "#report-file"),
            ("agreement", "organisers/agreement.html", "#signatory-cluster"),
            ("emails", "organisers/emails.html", "#undelivered tbody tr"),
            ("door", $"organisers/door.html?event={eventId}", "#walkin-form input"),
            ("messages", $"organisers/messages.html?event={eventId}", "#subject-en"),
            ("audit", "organisers/audit.html", "#audit tbody tr"),
        };
        var violations = new List<string>();
        foreach (var (width, height, label) in new[] { (1280, 900, "desktop"), (375, 740, "phone") })
        {
            // Playwright adds the script inline, which the pages' CSP forbids: this context alone bypasses it.
            var page = await PageAsync(width, height, bypassCsp: true);
            await page.GotoAsync(Url("organisers/"));
            await page.Locator("#signin").WaitForAsync();
            violations.AddRange((await AxeAsync(page, axe)).Select(v => $"sign-in ({label}): {v}"));
            await ShotAsync(page, $"sign-in-{label}");
            await page.FillAsync("#key", TestStack.OrganiserKey);
            await page.ClickAsync("#signin-form button[type=submit]");
            await Assertions.Expect(page.Locator("#content")).ToBeVisibleAsync();
            foreach (var (name, path, ready) in pages)
            {
                await page.GotoAsync(Url(path));
                await page.Locator(ready).First.WaitForAsync();
                violations.AddRange((await AxeAsync(page, axe)).Select(v => $"{name} ({label}): {v}"));
                await ShotAsync(page, $"{name}-{label}");
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(violations);
    }

    private static async Task<IEnumerable<string>> AxeAsync(IPage page, string axe)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        var found = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        return found.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private async Task<string> SubmitClusterAsync(string name)
    {
        using var submitted = await Stack.Client.PostAsJsonAsync("/api/clusters", new
        {
            name,
            country = "CZ",
            city = "Brno",
            website = "https://cluster.example",
            description = "A cluster waiting for the organisers' approval.",
            sectors = new[] { "health" },
            memberCount = 40,
            memberTypes = new[] { "companies", "research" },
            managementFte = 2.5,
            contact = new { name = "Petra Kontaktní", email = $"contact{Guid.NewGuid():N}@example.org" },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        // Its acknowledgement (the contact's manage link) goes out now, so that only the email meant to be poisoned is.
        await Stack.DeliverEmailsAsync();
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// A registration whose confirmation's queue message is moved to the poison queue, as the host does
    /// after the last failed attempt (the fault tests poison through SendGrid failing; here only the page is new).
    /// </summary>
    private async Task PoisonAConfirmationAsync(string eventId, string email)
    {
        await Stack.RegisteredAsync(eventId, Api.Person(email));
        var queues = Stack.Services.GetRequiredService<EmailQueues>();
        var delivery = await queues.DeliveryAsync(CancellationToken.None);
        var poison = await queues.PoisonAsync(CancellationToken.None);
        // The answer need not wait for its queue message (a registration that may be part of a burst joins a
        // gathered message a moment later): polled until it is there.
        var messages = new List<Azure.Storage.Queues.Models.QueueMessage>();
        await Eventually.TrueAsync(async () =>
        {
            messages.AddRange((await delivery.ReceiveMessagesAsync(32)).Value);
            return messages.Count > 0;
        }, "the confirmation's queue message arrives");
        foreach (var message in messages)
        {
            await poison.SendMessageAsync(message.Body);
            await delivery.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
    }
}
