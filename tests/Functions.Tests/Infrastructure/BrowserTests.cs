using Microsoft.Playwright;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// What browser tests share: a stack that serves <c>web/</c> (manage links open its <c>manage.html</c>) and
/// Debian's Chromium, headless, driven by Playwright (no browser download; ./test installs the package).
/// </summary>
public abstract class BrowserTests : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    protected TestStack Stack { get; } = new()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["DevHost:WebRoot"] = Path.Combine(RepositoryPaths.Root, "web"),
            ["Site:ManagePageUrl"] = "{base}manage.html",
        },
    };

    protected IBrowser Browser { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await Stack.InitializeAsync();
        Assert.True(File.Exists(Chromium), "Chromium is missing: ./test installs Debian's chromium package.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Stack.DisposeAsync();
    }

    protected string Url(string path) => new Uri(Stack.BaseAddress, path).ToString();
}
