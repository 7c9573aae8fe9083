using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>
/// Sits between the worker and Azurite's table endpoint: passes requests through, or fails them as storage
/// can, so one running worker can meet an outage. <see cref="Mode.Away"/> drops every connection (storage
/// unreachable); <see cref="Mode.Refusing"/> answers every request 400 (a storage answer the app has no
/// case for, so the exception reaches the app's handler unhandled).
/// </summary>
public sealed class StorageSwitch : IAsyncDisposable
{
    public enum Mode { Up, Away, Refusing }

    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly int _upstreamPort;
    private WebApplication _app = null!;

    private StorageSwitch(int upstreamPort) => _upstreamPort = upstreamPort;

    public int Port { get; private init; }

    public Mode State { get; set; } = Mode.Up;

    public static async Task<StorageSwitch> StartAsync(int upstreamPort)
    {
        var port = FreePort.Next();
        var relay = new StorageSwitch(upstreamPort) { Port = port };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        relay._app = builder.Build();
        relay._app.Run(relay.HandleAsync);
        await relay._app.StartAsync();
        return relay;
    }

    private async Task HandleAsync(HttpContext context)
    {
        switch (State)
        {
            case Mode.Away:
                context.Abort();
                return;
            case Mode.Refusing:
                context.Response.StatusCode = 400;
                context.Response.Headers["x-ms-error-code"] = "InvalidInput";
                return;
        }
        // The body whole, so that Content-Length (signed by the storage client) stays as it was.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            $"http://127.0.0.1:{_upstreamPort}{context.Request.Path}{context.Request.QueryString}");
        if (context.Request.ContentLength is not null || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
