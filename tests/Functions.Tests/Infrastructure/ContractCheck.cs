using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// Every answer the suite's HTTP clients receive from a documented operation is checked against
/// docs/openapi.json by Prism (npm <c>@stoplight/prism-cli</c>, pinned in package.json), not by code of ours:
/// status, media type, headers and body.
///
/// Prism runs once for the whole test run, in proxy mode, in front of a replay server in this process. The
/// test's request goes to DevHost directly (so uploads, binary downloads and streaming reach the test exactly
/// as DevHost sent them, which a real proxy in between would change: Prism reads bodies as text and buffers at
/// most 10 MB), then the same method, path and query are sent through Prism, whose upstream answers with the
/// very status, headers and bytes DevHost answered. Prism validates that answer against the operation it
/// routes to and lists what breaks the document in its <c>sl-violations</c> header (without <c>--errors</c>
/// it passes the answer on; with it, it would replace the answer with its own problem). Any response
/// violation, error or warning (an undocumented 4xx status is a warning), fails the request with an
/// <see cref="OpenApiContractException"/> naming the operation.
///
/// Not checked, because the document does not describe them: routes outside <c>/api</c> (<c>/dev/outbox</c>,
/// <c>/admin/functions</c>, the website, <c>/docs</c>), <c>/api</c> paths with no operation (<c>/api/openapi.json</c>,
/// <c>/api/docs</c>, unknown routes), HEAD (the document says every GET answers HEAD; a HEAD answer has no body
/// to check) and pages the browser tests load (Chromium's requests do not pass through these clients).
/// </summary>
public sealed class ContractCheck : IAsyncDisposable
{
    private const string ReplayHeader = "x-contract-replay";
    private static readonly Lock SharedLock = new();
    private static Task<ContractCheck>? _shared;

    /// <summary>Headers the replay server does not repeat: they describe the connection, not the answer.</summary>
    private static readonly HashSet<string> ConnectionHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Date", "Server", "Upgrade", "Trailer",
    };

    private readonly ConcurrentDictionary<string, Recorded> _recorded = new();
    private readonly WebApplication _replay;
    private readonly Process _prism;
    private readonly HttpClient _client;
    private readonly StringBuilder _output;

    private ContractCheck(WebApplication replay, Process prism, Uri prismAddress, StringBuilder output)
    {
        _replay = replay;
        _prism = prism;
        _output = output;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = prismAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>
    /// The run's Prism and replay server, started on first use, and started again should Prism have ended
    /// (under a heavily loaded machine it has, rarely, died mid-run; what it printed goes to the test log).
    /// </summary>
    public static Task<ContractCheck> GetAsync()
    {
        lock (SharedLock)
        {
            if (_shared is { IsCompletedSuccessfully: true } current && current.Result._prism.HasExited)
            {
                Console.Error.WriteLine("Prism ended during the run; starting it again. It printed:\n" + current.Result.Output());
                _ = current.Result.DisposeAsync().AsTask();
                _shared = null;
            }
            if (_shared is { IsFaulted: true } or { IsCanceled: true })
            {
                _shared = null;
            }
            return _shared ??= StartAsync();
        }
    }

    /// <summary>Whether Prism is gone, so that a failed check is Prism's failure, not the answer's.</summary>
    public bool PrismEnded => _prism.HasExited;

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static async Task<ContractCheck> StartAsync()
    {
        var executable = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "prism");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException("Prism is not installed: run ./test (or npm ci) at the repository root.");
        }
        var replayPort = FreePort.Next();
        var prismPort = FreePort.Next();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{replayPort}");
        builder.Logging.ClearProviders();
        var replay = builder.Build();
        ContractCheck? check = null;
        ((IApplicationBuilder)replay).Run(context => check!.ReplayAsync(context));
        await replay.StartAsync();

        // A watchdog ends Prism when the test process is gone, however it ended (Prism is a node process
        // behind a shell script, which a kill of the test host would otherwise leave running).
        var document = Path.Combine(RepositoryPaths.Root, "docs", "openapi.json");
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c",
                "\"$0\" proxy \"$1\" \"$2\" --host 127.0.0.1 --port \"$3\" --errors false --validate-request false --verboseLevel silent & p=$!; " +
                "while kill -0 \"$4\" 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 1; done; kill $p 2>/dev/null",
                executable, document, $"http://127.0.0.1:{replayPort}", prismPort.ToString(), Environment.ProcessId.ToString(),
            },
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var prism = Process.Start(start) ?? throw new InvalidOperationException("Prism did not start.");
        var output = new StringBuilder();
        prism.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        prism.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        prism.BeginOutputReadLine();
        prism.BeginErrorReadLine();
        check = new ContractCheck(replay, prism, new Uri($"http://127.0.0.1:{prismPort}"), output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => check.Stop();
        if (!await Eventually.HoldsAsync(async () => prism.HasExited || await check.AnswersAsync(), TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(100))
            || prism.HasExited)
        {
            check.Stop();
            lock (output)
            {
                throw new InvalidOperationException("Prism did not start:\n" + output);
            }
        }
        return check;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var _ = await _client.GetAsync("/");
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// What breaks the document in this answer (status, headers, body as received) to a request to
    /// <paramref name="uri"/>; empty when it is as the document says.
    /// </summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync(HttpMethod method, Uri uri, HttpResponseMessage response, byte[] body, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !ConnectionHeaders.Contains(h.Key))
            .Select(h => (h.Key, string.Join(", ", h.Value)))
            .ToArray();
        _recorded[id] = new Recorded((int)response.StatusCode, headers, body);
        try
        {
            var pathAndQuery = uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped)[DocumentedOperations.ApiPrefix.Length..];
            using var request = new HttpRequestMessage(method, pathAndQuery);
            request.Headers.Add(ReplayHeader, id);
            using var answer = await _client.SendAsync(request, cancellationToken);
            var violations = new List<string>();
            if (answer.Headers.TryGetValues("sl-violations", out var values))
            {
                violations.AddRange(ResponseViolations(string.Join(",", values)));
            }
            if ((int)answer.StatusCode != (int)response.StatusCode)
            {
                violations.Add($"Prism answered {(int)answer.StatusCode} instead of repeating the answer: {await answer.Content.ReadAsStringAsync(cancellationToken)}");
            }
            return violations;
        }
        finally
        {
            _recorded.TryRemove(id, out _);
        }
    }

    /// <summary>The response violations of Prism's <c>sl-violations</c> header (request violations are not the answer's fault).</summary>
    private static IEnumerable<string> ResponseViolations(string header)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(header);
        }
        catch (JsonException)
        {
            // "Too many violations! …": Prism cut the list short.
            return [header];
        }
        using (parsed)
        {
            return parsed.RootElement.EnumerateArray()
                .Where(v => v.TryGetProperty("location", out var location) && location.GetArrayLength() > 0 && location[0].GetString() == "response")
                .Select(v => $"{string.Join('.', v.GetProperty("location").EnumerateArray().Select(l => l.ToString()))}: {v.GetProperty("message").GetString()} ({v.GetProperty("severity").GetString()})")
                .ToArray();
        }
    }

    /// <summary>Prism's upstream: answers what DevHost answered to the request being replayed.</summary>
    private async Task ReplayAsync(HttpContext context)
    {
        if (!_recorded.TryGetValue(context.Request.Headers[ReplayHeader].ToString(), out var recorded))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        context.Response.StatusCode = recorded.Status;
        foreach (var (name, value) in recorded.Headers)
        {
            // Prism's proxy follows redirects (stoplightio/prism#1977) and would check the page redirected to:
            // without Location it takes the 3xx itself. The document does not require Location; what it points
            // to is each test's own check.
            if (recorded.Status is >= 300 and < 400 && name.Equals("Location", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            context.Response.Headers[name] = value;
        }
        if (recorded.Status is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
        {
            context.Response.ContentLength = recorded.Body.Length;
            await context.Response.Body.WriteAsync(recorded.Body);
        }
    }

    private void Stop()
    {
        try
        {
            if (!_prism.HasExited)
            {
                _prism.Kill(entireProcessTree: true);
                _prism.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        _client.Dispose();
        await _replay.DisposeAsync();
    }

    private sealed record Recorded(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body);
}

/// <summary>An answer that is not what docs/openapi.json says for its operation.</summary>
public sealed class OpenApiContractException(string message) : Exception(message);

/// <summary>
/// The suite's HTTP clients' handler: passes each request to DevHost unchanged, then has <see cref="ContractCheck"/>
/// check the answer of every documented operation, and fails the request, naming the operation, when the answer
/// breaks the document. The answer reaches the test with its body buffered, otherwise as received.
/// </summary>
public sealed class ContractCheckingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // After a followed redirect the answer is the last request's.
        var answered = response.RequestMessage ?? request;
        if (answered.Method == HttpMethod.Head || answered.RequestUri is null
            || DocumentedOperations.Find(answered.Method, answered.RequestUri) is not { } operation
            || RefusedByServer(answered.RequestUri, response))
        {
            return response;
        }
        var original = response.Content;
        var body = await original.ReadAsByteArrayAsync(cancellationToken);
        var buffered = new ByteArrayContent(body);
        foreach (var header in original.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = buffered;
        original.Dispose();

        var check = await ContractCheck.GetAsync();
        IReadOnlyList<string> violations;
        try
        {
            violations = await check.ViolationsAsync(answered.Method, answered.RequestUri, response, body, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Prism itself went away (not the answer's fault): check once more with a new one. Otherwise
            // the failure is real.
            if (!await Eventually.HoldsAsync(() => Task.FromResult(check.PrismEnded), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100)))
            {
                throw;
            }
            violations = await (await ContractCheck.GetAsync()).ViolationsAsync(answered.Method, answered.RequestUri, response, body, cancellationToken);
        }
        if (violations.Count > 0)
        {
            var answer = $"{(int)response.StatusCode} {buffered.Headers.ContentType?.ToString() ?? "(no Content-Type)"}";
            var excerpt = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600));
            throw new OpenApiContractException(
                $"{operation} answered {answer}, which docs/openapi.json does not allow (Prism):\n  " +
                string.Join("\n  ", violations) + $"\nRequest: {answered.Method} {answered.RequestUri.PathAndQuery}\nBody: {excerpt}");
        }
        return response;
    }

    /// <summary>
    /// Kestrel refuses a request target holding an encoded NUL with a bare 400 before any application code
    /// runs: no operation answered, so the document has nothing to say about it (docs/api.md says so).
    /// </summary>
    private static bool RefusedByServer(Uri uri, HttpResponseMessage response)
        => response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentType is null
            && uri.AbsolutePath.Contains("%00", StringComparison.Ordinal);
}
