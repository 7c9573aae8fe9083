using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Web;

/// <summary>
/// Issue #19 in Chromium: every page in the eight languages with no text missing, dates and countries
/// through Intl, the programme's order, the form's country list and cluster picker, closed and unknown
/// events, the privacy notice, and axe-core on every page at desktop and phone width.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class WebsiteTests : BrowserTests
{
    public static readonly string[] Languages = ["cs", "en", "de", "it", "pl", "sk", "hu", "sl"];
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<IPage> PageAsync(string locale = "en-GB", int width = 1000, int height = 1200, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, ViewportSize = new() { Width = width, Height = height }, BypassCSP = bypassCsp, TimezoneId = "Europe/Prague",
        });
        return await context.NewPageAsync();
    }

    private Task ShotAsync(IPage page, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    private async Task ImportSampleClustersAsync()
    {
        var samples = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json")))!;
        (await Stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", samples)).EnsureSuccessStatusCode();
    }

    /// <summary>A forum from 8 to 10 February 2027, 09:00–17:00 in Vienna.</summary>
    private static JsonObject ThreeDayForum()
    {
        var body = Api.Forum(capacity: 10);
        body["startsAt"] = "2027-02-08T09:00:00+01:00";
        body["endsAt"] = "2027-02-10T17:00:00+01:00";
        return body;
    }

    private static JsonObject PastEvent()
    {
        var body = Api.Forum();
        body["title"] = new JsonObject { ["en"] = "Opening conference 2012" };
        body["type"] = "conference";
        body["startsAt"] = "2012-03-01T09:00:00+01:00";
        body["endsAt"] = "2012-03-01T17:00:00+01:00";
        body["registration"] = new JsonObject { ["opensAt"] = "2012-01-01T00:00:00+01:00", ["closesAt"] = "2012-02-20T00:00:00+01:00" };
        return body;
    }

    /// <summary>The site's pages, each with what shows that it has finished loading.</summary>
    private async Task<List<(string Name, string Path, string Ready)>> PagesAsync()
    {
        await ImportSampleClustersAsync();
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        await Stack.CreateEventAsync(PastEvent());
        var registration = await Stack.RegisteredAsync(eventId, Api.Person("every.page@example.org"));
        var manage = new Uri(registration.GetProperty("manageUrl").GetString()!);
        var clusterId = (await Stack.Client.GetFromJsonAsync<JsonElement>("/api/clusters?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetString()!;
        var submitted = await Stack.Client.PostAsJsonAsync("/api/clusters", Catalogue.Clusters.Profile("Every Page Cluster"));
        var profile = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        return
        [
            ("programme", "index.html?", "#events section article"),
            ("register", $"register.html?event={eventId}&", "#when:not(:empty)"),
            ("thank-you", "thank-you.html?status=waitlisted&", "#message"),
            ("catalogue", "catalogue.html?", "#clusters article"),
            ("cluster", $"cluster.html?id={clusterId}&", "#profile h1"),
            ("manage", "manage.html?" + "|" + manage.Fragment, "#status"),
            ("privacy", "privacy.html?", "#version"),
            ("results", "results.html?", "html[data-results]"),
            ("progress", "progress.html?", "html[data-progress]"),
            ("documents", "documents.html?", "html[data-documents]"),
            ("present", "present.html?", "#f-name"),
            ("profile", "profile.html?" + "|" + new Uri(profile.GetProperty("manageUrl").GetString()!).Fragment, "#status"),
            ("working-group", "working-group.html?sector=ict&", "#members"),
        ];
    }

    private static string At(string path, string language)
    {
        var parts = path.Split('|');
        return parts[0] + "lang=" + language + (parts.Length > 1 ? parts[1] : "");
    }

    [Fact]
    public async Task Every_page_in_every_language_has_all_its_texts()
    {
        var pages = await PagesAsync();
        var english = new Dictionary<string, string>();
        var problems = new List<string>();
        foreach (var language in Languages.OrderBy(l => l == "en" ? 0 : 1))
        {
            var page = await PageAsync();
            foreach (var (name, path, ready) in pages)
            {
                await page.GotoAsync(Url(At(path, language)));
                await Assertions.Expect(page.Locator($"html[data-texts='{language}']")).ToHaveCountAsync(1);
                await page.Locator(ready).First.WaitForAsync();
                var missing = await page.GetAttributeAsync("html", "data-missing-texts");
                if (missing is not null)
                {
                    problems.Add($"{name} in {language}: missing {missing}");
                }
                var heading = await page.InnerTextAsync("h1");
                if (language == "en")
                {
                    english[name] = heading;
                }
                else if (name != "cluster" && heading == english[name])
                {
                    problems.Add($"{name} in {language}: the heading is the English one ({heading})");
                }
                if (name is "programme" or "register" or "privacy")
                {
                    await ShotAsync(page, $"{name}-{language}");
                }
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_three_day_forum_shows_its_date_range_on_the_programme_the_form_and_the_manage_page()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        var registration = await Stack.RegisteredAsync(eventId, Api.Person("three.days@example.org"));
        var page = await PageAsync();

        await page.GotoAsync(Url("index.html?lang=en"));
        var when = await page.Locator($"article[data-event='{eventId}'] .when").InnerTextAsync();
        Assert.Matches(EnglishRange(), when);
        Assert.Contains("09:00", when);
        Assert.Contains("17:00", when);
        await ShotAsync(page, "programme-three-day-forum");

        await page.GotoAsync(Url($"register.html?event={eventId}&lang=de"));
        await page.Locator("#when:not(:empty)").WaitForAsync();
        Assert.Matches(GermanRange(), await page.InnerTextAsync("#when"));
        Assert.Contains("Tabakfabrik, Linz, Österreich", await page.InnerTextAsync("#where"));

        await page.GotoAsync(registration.GetProperty("manageUrl").GetString()!);
        await page.Locator("#status").WaitForAsync();
        Assert.Matches(EnglishRange(), await page.InnerTextAsync("#registration dl"));
    }

    [GeneratedRegex(@"8\s?[–-]\s?10 February 2027")]
    private static partial Regex EnglishRange();

    [GeneratedRegex(@"8\.\s?[–-]\s?10\. Februar 2027")]
    private static partial Regex GermanRange();

    [Fact]
    public async Task The_programme_shows_upcoming_events_first_with_their_details_and_folds_the_past_ones()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        var pastId = await Stack.CreateEventAsync(PastEvent());
        await Stack.RegisteredAsync(eventId, Api.Person("one.seat@example.org"));
        var page = await PageAsync(locale: "cs-CZ");

        await page.GotoAsync(Url("index.html"));
        var card = page.Locator($"#events > section article[data-event='{eventId}']");
        await card.WaitForAsync();
        var text = await card.InnerTextAsync();
        Assert.Contains("Health and energy clusters meet.", text); // the description (only in English: the fallback)
        Assert.Contains("Tabakfabrik, Linz, Rakousko", text);       // venue, city, the country's name in Czech
        Assert.Contains("Zdraví", text);
        Assert.Contains("Se studijní cestou", text);
        Assert.Contains("Zbývá 9 míst (z 10)", text);               // Czech plural
        Assert.Equal("Výměnné fórum Linec", await card.Locator("h3").InnerTextAsync()); // the title in the page's language

        // The past event is folded under its own heading, after the upcoming ones.
        var past = page.Locator($"details#past article[data-event='{pastId}']");
        Assert.False(await past.IsVisibleAsync());
        Assert.Equal("1 proběhlá akce", await page.InnerTextAsync("details#past summary"));
        await page.ClickAsync("details#past summary");
        await Assertions.Expect(past).ToBeVisibleAsync();
        Assert.Equal(0, await past.Locator("a.button").CountAsync());
        await ShotAsync(page, "programme-past-open");
    }

    [Fact]
    public async Task A_closed_or_unknown_event_says_so_instead_of_showing_the_form()
    {
        var closed = await Stack.CreateEventAsync(PastEvent());
        var page = await PageAsync();

        await page.GotoAsync(Url($"register.html?event={closed}&lang=en"));
        await Assertions.Expect(page.Locator("#outcome")).ToContainTextAsync("Registration for this event is closed.");
        Assert.False(await page.IsVisibleAsync("#registration"));
        Assert.True(await page.IsVisibleAsync("#back a"));

        await page.GotoAsync(Url("register.html?event=no-such-event&lang=it"));
        await Assertions.Expect(page.Locator("#outcome")).ToContainTextAsync("Questo evento non esiste.");
        Assert.False(await page.IsVisibleAsync("#registration"));
        await ShotAsync(page, "register-unknown-event");
    }

    [Fact]
    public async Task The_country_list_names_countries_in_the_page_language_and_stores_the_code()
    {
        await ImportSampleClustersAsync();
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        var page = await PageAsync(locale: "de-AT");
        await page.GotoAsync(Url($"register.html?event={eventId}"));
        await page.Locator("#when:not(:empty)").WaitForAsync();

        Assert.Equal("AT", await page.Locator("#country option", new() { HasTextString = "Österreich" }).GetAttributeAsync("value"));
        Assert.Equal("AU", await page.Locator("#country option", new() { HasTextString = "Australien" }).GetAttributeAsync("value"));
        await page.FillAsync("#firstName", "Lena");
        await page.FillAsync("#lastName", "Huber");
        await page.FillAsync("#email", "lena.huber@example.at");
        await page.FillAsync("#organisation", "Health Cluster Upper Austria");
        await page.SelectOptionAsync("#country", new SelectOptionValue { Label = "Österreich" });

        // The cluster comes from the catalogue, searched as one types.
        await page.FillAsync("#clusterSearch", "lodz");
        await page.Locator("#clusterOptions [role=option]").First.WaitForAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#clusterSearch", "aria-expanded"));
        await page.PressAsync("#clusterSearch", "ArrowDown");
        await page.PressAsync("#clusterSearch", "Enter");
        Assert.Equal("SAMPLE – Łódź Medical Cluster", await page.InputValueAsync("#clusterSearch"));
        await page.CheckAsync("#consent");
        await ShotAsync(page, "register-country-and-cluster");

        // What only the server refuses (a name of invisible characters) is shown in the page's language too.
        await page.FillAsync("#lastName", "\u200B\u200B");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#lastName-error")).ToHaveTextAsync(new Regex("^Bitte prüfen Sie diesen Text"));
        await page.FillAsync("#lastName", "Huber");
        await page.ClickAsync("#submit");
        await page.Locator("#outcome.good").WaitForAsync();

        var stored = Assert.Single(await Stack.AllRegistrationsAsync(eventId));
        Assert.Equal("AT", stored.GetProperty("country").GetString());
        Assert.Equal("sample-odz-medical-cluster", stored.GetProperty("clusterId").GetString());
        Assert.Equal("de", stored.GetProperty("language").GetString());
    }

    [Fact]
    public async Task The_privacy_notice_shows_the_consent_version_that_is_stored_with_each_registration()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        await Stack.RegisteredAsync(eventId, Api.Person("consent.version@example.org"));
        var stored = Assert.Single(await Stack.AllRegistrationsAsync(eventId)).GetProperty("consentTextVersion").GetString();
        Assert.Equal(RegistrationService.ConsentTextVersion, stored);
        var page = await PageAsync();

        await page.GotoAsync(Url("privacy.html?lang=pl"));
        await Assertions.Expect(page.Locator("#version")).ToHaveTextAsync($"Wersja tej informacji: {stored}");
        Assert.Contains("12 miesięcy", await page.InnerTextAsync("main"));
        await page.GotoAsync(Url($"register.html?event={eventId}&lang=en"));
        Assert.Equal(Url("privacy.html"), await page.Locator("#privacy-link a").EvaluateAsync<string>("a => a.href"));
    }

    [Fact]
    public async Task Without_javascript_a_refused_post_shows_the_form_again_with_the_errors_next_to_their_fields()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "de-DE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url($"events/{eventId}/register"));
        await page.FillAsync("#firstName", "Lena");
        await page.FillAsync("#lastName", "Huber");
        await page.FillAsync("#email", "lena.huber-at-example.at");
        await page.FillAsync("#organisation", "Health Cluster Upper Austria");
        await page.SelectOptionAsync("#country", new SelectOptionValue { Label = "Austria" }); // English names without the script
        await page.SelectOptionAsync("#emailLanguage", "de");

        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#submit"), r => r.Request.Method == "POST" && r.Url.EndsWith("/registrations", StringComparison.Ordinal));

        Assert.Equal(400, refused.Status);
        await page.Locator("h1").WaitForAsync();
        Assert.StartsWith("text/html", refused.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("de", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Ihre Anmeldung wurde nicht gesendet.", await page.InnerTextAsync("h1"));
        Assert.Equal("Keine gültige E-Mail-Adresse.", await page.InnerTextAsync("#email-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#email", "aria-invalid"));
        Assert.Equal("Ohne Einwilligung ist keine Anmeldung möglich.", await page.InnerTextAsync("#consent-error"));
        Assert.Equal("", await page.InnerTextAsync("#firstName-error"));
        Assert.Equal("Lena", await page.InputValueAsync("#firstName"));
        Assert.Equal("AT", await page.InputValueAsync("#country"));
        await ShotAsync(page, "register-refused-no-javascript");
        Assert.Empty(await Stack.AllRegistrationsAsync(eventId));

        await page.FillAsync("#email", "lena.huber@example.at");
        await page.CheckAsync("#consent");
        await page.ClickAsync("button[type=submit]");
        // Committed is enough (the form post answers 303 to it): waiting for its load event raced with it once.
        await page.WaitForURLAsync("**/thank-you**", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("h1").WaitForAsync();

        var stored = Assert.Single(await Stack.AllRegistrationsAsync(eventId));
        Assert.Equal("AT", stored.GetProperty("country").GetString());
        Assert.Equal("de", stored.GetProperty("language").GetString());

        // A closed event says so, in the person's language, instead of JSON.
        var closed = await Stack.CreateEventAsync(PastEvent());
        await page.GotoAsync(Url($"events/{closed}/register"));
        await page.FillAsync("#firstName", "Lena");
        await page.FillAsync("#lastName", "Huber");
        await page.FillAsync("#email", "lena.huber@example.at");
        await page.FillAsync("#organisation", "Health Cluster Upper Austria");
        await page.SelectOptionAsync("#country", "AT");
        await page.CheckAsync("#consent");
        await page.SelectOptionAsync("#emailLanguage", "it");
        var refusedClosed = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#submit"), r => r.Request.Method == "POST" && r.Url.EndsWith("/registrations", StringComparison.Ordinal));
        Assert.Equal(409, refusedClosed.Status);
        await page.Locator("[role=alert]").WaitForAsync();
        Assert.Equal("Le iscrizioni a questo evento sono chiuse.", await page.InnerTextAsync("[role=alert]"));
    }

    [Fact]
    public async Task The_stop_reminders_page_speaks_the_registrants_language()
    {
        var eventId = await Stack.CreateEventAsync(ThreeDayForum());
        var registration = await Stack.RegisteredAsync(eventId, Api.Person("magyar@example.hu", language: "cs"));
        var stop = Stack.Services.GetRequiredService<RegistrationLinks>().StopReminders(registration.GetProperty("id").GetString()!);
        var page = await PageAsync(locale: "en-GB");

        await page.GotoAsync(stop);
        Assert.Equal("cs", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Zastavit připomínky", await page.InnerTextAsync("h1"));
        Assert.Contains("„Výměnné fórum Linec“", await page.InnerTextAsync("main")); // the event's Czech title
        await page.GotoAsync(stop + "&lang=hu");
        Assert.Equal("Emlékeztetők leállítása", await page.InnerTextAsync("h1"));
        await ShotAsync(page, "stop-reminders");

        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Emlékeztetők leállítva");
        var table = await Stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
        var row = await table.GetEntityAsync<TableEntity>(eventId, RegistrationKeys.Registration(registration.GetProperty("id").GetString()!));
        Assert.True(row.Value.GetBoolean("RemindersStopped"));
    }

    [Fact]
    public async Task Axe_finds_no_violations_on_any_page_at_desktop_and_phone_width()
    {
        var pages = await PagesAsync();
        var axe = Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "axe-core is missing: ./test installs it from package-lock.json.");
        var violations = new List<string>();
        foreach (var (width, height, label) in new[] { (1280, 900, "desktop"), (375, 740, "phone") })
        {
            // Playwright adds the script inline, which the pages' CSP forbids: this context alone bypasses it.
            var page = await PageAsync(width: width, height: height, bypassCsp: true);
            foreach (var (name, path, ready) in pages)
            {
                await page.GotoAsync(Url(At(path, "en")));
                await page.Locator(ready).First.WaitForAsync();
                if (name == "programme")
                {
                    await page.ClickAsync("details#past summary");
                }
                await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
                var found = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                violations.AddRange(found.EnumerateArray().Select(v => $"{name} ({label}): {v.GetString()}"));
                await ShotAsync(page, $"{name}-{label}");
            }
            await page.Context.CloseAsync();
        }
        Assert.Empty(violations);
    }
}

/// <summary>The text files and the vendored libraries, without a browser.</summary>
public sealed class WebsiteFileTests
{
    [Fact]
    public async Task Every_locale_file_has_exactly_the_english_keys_and_its_own_words()
    {
        static IEnumerable<(string Key, string Text)> Flatten(JsonNode node, string prefix = "")
            => node is JsonObject o
                ? o.SelectMany(p => Flatten(p.Value!, prefix + p.Key + "."))
                : [(prefix.TrimEnd('.'), node.GetValue<string>())];
        var folder = Path.Combine(RepositoryPaths.Root, "web", "locales");
        var english = Flatten(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "en.json")))!).ToDictionary();
        Assert.Equal(WebsiteTests.Languages.Order(), Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var language in WebsiteTests.Languages.Where(l => l != "en"))
        {
            var texts = Flatten(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, language + ".json")))!).ToDictionary();
            Assert.Equal(english.Keys.Order(), texts.Keys.Order());
            Assert.All(texts.Values, text => Assert.False(string.IsNullOrWhiteSpace(text)));
            // Translated, not copied: only names and patterns may read as in English.
            var copied = texts.Where(p => p.Value == english[p.Key]).Select(p => p.Key).ToList();
            Assert.True(copied.Count <= 6, $"{language}: {string.Join(", ", copied)}");
        }
    }

    [Fact]
    public void The_vendored_libraries_are_the_pinned_packages()
    {
        // scripts/vendor-web.mjs writes web/vendor from node_modules; a copy that drifted from the lock fails here.
        var lockFile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "package-lock.json")))!;
        var versions = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "web", "vendor", "VERSIONS.txt"));
        foreach (var line in versions)
        {
            var (name, version) = (line.Split(' ')[0], line.Split(' ')[1]);
            Assert.Equal(version, lockFile["packages"]![$"node_modules/{name}"]!["version"]!.GetValue<string>());
            var package = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "package.json")))!;
            Assert.Equal(version, package["devDependencies"]![name]!.GetValue<string>());
        }
        Assert.Equal(5, versions.Length);
        var i18next = Path.Combine(RepositoryPaths.Root, "node_modules", "i18next", "dist", "esm", "i18next.js");
        if (File.Exists(i18next))
        {
            Assert.Equal(File.ReadAllText(i18next), File.ReadAllText(Path.Combine(RepositoryPaths.Root, "web", "vendor", "i18next.js")));
        }
    }
}
