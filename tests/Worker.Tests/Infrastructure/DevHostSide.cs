using System.Text.Json;
using ClustersCord.DevHost;
using ClustersCord.DevHost.SendGridSink;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>
/// DevHost on a free port, on the same Azurite as the worker but with tables, containers and queue of its
/// own: the side the worker's answers are compared with, and the SendGrid sink both sides send to.
/// Timers and the queue poller are off; tests run them (<c>POST /admin/...</c>).
/// </summary>
public sealed class DevHostSide : IAsyncDisposable
{
    private WebApplication _app = null!;

    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public HttpClient Organiser { get; private set; } = null!;
    public Outbox Outbox => _app.Services.GetRequiredService<Outbox>();

    /// <summary>The mail-send requests the sink took (from either side), oldest first.</summary>
    public IReadOnlyList<JsonElement> Sent => Outbox.Snapshot().Select(e => e.Request).ToArray();

    public static async Task<DevHostSide> StartAsync(Azurite storage, IReadOnlyDictionary<string, string?> settings)
    {
        var side = new DevHostSide { BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}") };
        var prefix = "d" + Guid.NewGuid().ToString("N")[..10];
        var own = new Dictionary<string, string?>(settings)
        {
            ["Urls"] = side.BaseAddress.ToString(),
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Email:QueueName"] = prefix + "emails",
            ["Email:Host"] = side.BaseAddress.ToString().TrimEnd('/'),
            ["Site:ApiBaseUrl"] = side.BaseAddress.ToString().TrimEnd('/'),
            ["Site:ThankYouUrl"] = side.BaseAddress + "thank-you.html",
            ["DevHost:RunTimers"] = "false",
            ["DevHost:RunQueues"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        side._app = DevHostApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(own));
        await side._app.StartAsync();
        side.Client = new HttpClient { BaseAddress = side.BaseAddress };
        side.Organiser = new HttpClient { BaseAddress = side.BaseAddress };
        side.Organiser.DefaultRequestHeaders.Add("x-functions-key", settings["Access:OrganiserKey"]);
        return side;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Organiser?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
