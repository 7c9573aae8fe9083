using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.DevHost;
using ClustersCord.DevHost.SendGridSink;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// The whole app for a test class: DevHost on a free port over real HTTP, the shared real Azurite (with
/// table and container names of its own), the SendGrid client pointed at DevHost's sink, and time from a
/// <see cref="TestClock"/>. Timers do not run on their own; tests run them through the admin API.
/// A class fixture is shared by the class's tests, so its clock stays put; a test that moves time owns a
/// stack (<see cref="StartOwnAsync"/>).
/// </summary>
public class TestStack : IAsyncLifetime, IAsyncDisposable
{
    public const string OrganiserKey = "test-organiser-key";
    public const string ObserverKey = "test-observer-key";

    /// <summary>"Now" for every test unless it moves the clock.</summary>
    public static readonly DateTimeOffset Start = new(2027, 1, 11, 9, 0, 0, TimeSpan.Zero);

    private WebApplication? _app;
    private TestClock? _time;

    /// <summary>An Azurite of the test's own (for fault tests); the shared one otherwise.</summary>
    public Azurite? Storage { get; init; }

    /// <summary>Settings of this stack on top of the test defaults; <c>{base}</c> in a value is the stack's address.</summary>
    public IReadOnlyDictionary<string, string?> ExtraSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>More of the host's set-up, after the stack's own (a test's log capture).</summary>
    public Action<WebApplicationBuilder>? ConfigureHost { get; init; }

    /// <summary>This stack belongs to one test, which may move its clock.</summary>
    public bool OwnClock { get; init; }

    public TestClock Time => _time ??= new TestClock(Start, OwnClock);
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public HttpClient Organiser { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public Outbox Outbox => Services.GetRequiredService<Outbox>();
    public SinkFaults SinkFaults => Services.GetRequiredService<SinkFaults>();
    /// <summary>Table and container names start with this: a stack's own, unless stacks are to share data (two instances of one app).</summary>
    public string NamePrefix { get; init; } = NewNamePrefix();

    public static string NewNamePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A started stack that belongs to the calling test alone: it may move the clock. Dispose it with <c>await using</c>.</summary>
    public static async Task<TestStack> StartOwnAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var stack = new TestStack { OwnClock = true, ExtraSettings = settings ?? new Dictionary<string, string?>() };
        await stack.InitializeAsync();
        return stack;
    }

    public virtual async Task InitializeAsync()
    {
        // Prism starts once for the run (a few seconds), while the first stacks start.
        _ = ContractCheck.GetAsync();
        var azurite = Storage ?? await Azurite.GetAsync();
        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = BaseAddress.ToString(),
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = NamePrefix,
            ["Email:Host"] = BaseAddress.ToString().TrimEnd('/'),
            ["Email:FirstRetryDelay"] = "00:00:00.010",
            ["Email:MaxRetryDelay"] = "00:00:00.050",
            // Tests deliver by draining the queue: a burst's gathered message must be visible at once.
            ["Email:BurstDeliveryDelay"] = "00:00:00",
            ["Site:ApiBaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
            ["Site:ThankYouUrl"] = BaseAddress + "thank-you.html",
            ["Access:OrganiserKey"] = OrganiserKey,
            ["Access:ObserverKey"] = ObserverKey,
            ["Registrations:TokenSecret"] = "test-token-secret-of-at-least-32-characters",
            ["DevHost:RunTimers"] = "false",
            ["DevHost:RunQueues"] = "false",
            ["Email:QueueName"] = NamePrefix + "emails",
            // Fault tests fail hundreds of sends on purpose; the breaker would then refuse the next test's.
            ["Email:CircuitBreakerMinimumThroughput"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            // "{base}" stands for this stack's own address, known only now.
            settings[key] = value?.Replace("{base}", BaseAddress.ToString(), StringComparison.Ordinal);
        }
        _app = DevHostApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(Time);
            ConfigureHost?.Invoke(builder);
        });
        await _app.StartAsync();
        Client = NewClient();
        Organiser = NewClient();
        Organiser.DefaultRequestHeaders.Add("x-functions-key", OrganiserKey);
    }

    /// <summary>
    /// Delivers the queued emails now (the queue poller is off in tests): DevHost's
    /// <c>POST /admin/queues/drain</c>, which answers once the delivery queue is empty.
    /// </summary>
    public async Task<JsonElement> DeliverEmailsAsync()
    {
        using var response = await Organiser.PostAsync("/admin/queues/drain", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// A client of this stack whose answers from documented operations are checked against docs/openapi.json
    /// (<see cref="ContractCheckingHandler"/>); every test talks to the API through one of these.
    /// </summary>
    public HttpClient NewClient(bool allowAutoRedirect = true) => ContractCheckedClient(BaseAddress, allowAutoRedirect);

    public static HttpClient ContractCheckedClient(Uri baseAddress, bool allowAutoRedirect = true)
        => new(new ContractCheckingHandler(new HttpClientHandler { AllowAutoRedirect = allowAutoRedirect })) { BaseAddress = baseAddress };

    /// <summary>The mail-send requests the sink accepted, oldest first, after delivering what is queued.</summary>
    public async Task<IReadOnlyList<JsonElement>> OutboxRequestsAsync()
    {
        await DeliverEmailsAsync();
        var entries = await Client.GetFromJsonAsync<JsonElement>("/dev/outbox?format=json");
        return entries.EnumerateArray().Select(e => e.GetProperty("request")).ToArray();
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        Organiser?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
