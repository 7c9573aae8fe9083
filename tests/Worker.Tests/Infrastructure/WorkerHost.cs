using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>
/// The real worker, run as the Functions host runs it, once for the whole test run: the function app is
/// published (the Functions project's build, published without compiling again, so the layout is the one
/// deployed: worker.config.json, functions.metadata, host.json); the worker is started as worker.config.json
/// says, with the host's command-line arguments and FUNCTIONS_APPLICATION_DIRECTORY, and the app's settings
/// as environment variables (app settings are environment variables in Azure); it connects to this
/// fixture's gRPC endpoint, which performs the host's handshake (init, metadata, one load per function) and
/// then invokes functions: HTTP as the host proxies it (the request to the worker's own Kestrel, at the
/// <c>HttpUri</c> it reported, with <c>x-ms-invocation-id</c>, while the invocation request goes over gRPC),
/// timers and queue messages as invocation requests alone.
/// Storage is an Azurite of its own (the worker's table endpoint through <see cref="StorageSwitch"/>);
/// emails go to the sink of <see cref="DevHost"/>, which is also what answers are compared with.
/// </summary>
public sealed class WorkerHost : IAsyncLifetime
{
    public const string OrganiserKey = "worker-test-organiser-key";
    public const string ObserverKey = "worker-test-observer-key";

    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<JsonObject> _invocations = new();
    private readonly HttpClient _proxy = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly string _appDirectory = Path.Combine(Path.GetTempPath(), "clusterscord-worker-" + Guid.NewGuid().ToString("N"));
    private Dictionary<string, string> _settings = null!;
    private WebApplication _grpc = null!;
    private Process _worker = null!;
    private Uri _httpUri = null!;

    public Azurite Storage { get; private set; } = null!;
    public StorageSwitch Tables { get; private set; } = null!;
    public DevHostSide DevHost { get; private set; } = null!;
    public WorkerChannel Channel { get; } = new();
    public string NamePrefix { get; } = "w" + Guid.NewGuid().ToString("N")[..10];
    public string EmailQueue => NamePrefix + "emails";

    /// <summary>functions.metadata of the published app.</summary>
    public JsonArray PublishedMetadata { get; private set; } = null!;

    /// <summary>What the worker answered to the metadata request: one <c>RpcFunctionMetadata</c> per function.</summary>
    public IReadOnlyList<JsonObject> Functions { get; private set; } = [];

    /// <summary>Each function's <c>FunctionLoadResponse</c>, by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Loads { get; private set; } = new Dictionary<string, JsonObject>();

    public HttpRoutes Routes { get; private set; } = null!;

    /// <summary>Anonymous caller of the worker, through <see cref="InvokeHttpAsync"/>.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The same with the organiser's key.</summary>
    public HttpClient Organiser { get; private set; } = null!;

    /// <summary>What the worker process wrote to stdout and stderr (the host logs it too).</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>Every InvocationResponse, as protobuf JSON.</summary>
    public IReadOnlyList<JsonObject> Invocations => _invocations.ToArray();

    /// <summary>Settings both sides share.</summary>
    public static IReadOnlyDictionary<string, string?> CommonSettings { get; } = new Dictionary<string, string?>
    {
        ["Access:OrganiserKey"] = OrganiserKey,
        ["Access:ObserverKey"] = ObserverKey,
        ["Registrations:TokenSecret"] = "worker-test-token-secret-of-at-least-32-characters",
        ["Email:FirstRetryDelay"] = "00:00:00.010",
        ["Email:MaxRetryDelay"] = "00:00:00.050",
    };

    public async Task InitializeAsync()
    {
        Storage = await Azurite.StartAsync();
        Tables = await StorageSwitch.StartAsync(Storage.TablePort);
        DevHost = await DevHostSide.StartAsync(Storage, CommonSettings);
        await PublishAsync();
        var grpcPort = await StartGrpcAsync();
        StartWorker(grpcPort);
        await HandshakeAsync();
        Client = new HttpClient(new ThroughWorker(this)) { BaseAddress = new Uri("http://worker.test") };
        Organiser = new HttpClient(new ThroughWorker(this)) { BaseAddress = new Uri("http://worker.test") };
        Organiser.DefaultRequestHeaders.Add("x-functions-key", OrganiserKey);
    }

    private async Task PublishAsync()
    {
        var project = Path.Combine(RepositoryPaths.Root, "Functions", "ClustersCord.Functions.csproj");
        var publish = await Processes.RunAsync("dotnet",
            ["publish", project, "-c", RepositoryPaths.Configuration, "--no-build", "-o", _appDirectory, "--nologo"],
            RepositoryPaths.Root, TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, publish.Output);
        PublishedMetadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_appDirectory, "functions.metadata")))!.AsArray();
        // The message schema is read from the test's copy of the worker's gRPC assembly: it must be the one published.
        var published = FileVersionInfo.GetVersionInfo(Path.Combine(_appDirectory, RpcMessages.GrpcAssembly + ".dll")).FileVersion;
        var ours = FileVersionInfo.GetVersionInfo(Path.Combine(AppContext.BaseDirectory, RpcMessages.GrpcAssembly + ".dll")).FileVersion;
        Assert.Equal(published, ours);
    }

    private async Task<int> StartGrpcAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(Channel);
        builder.Services.AddSingleton<FunctionRpcService>();
        _grpc = builder.Build();
        _grpc.MapGrpcService<FunctionRpcService>();
        await _grpc.StartAsync();
        return port;
    }

    private void StartWorker(int grpcPort)
    {
        // As the host does: worker.config.json names the executable and the worker, the arguments name this endpoint.
        var description = JsonNode.Parse(File.ReadAllText(Path.Combine(_appDirectory, "worker.config.json")))!["description"]!;
        var start = new ProcessStartInfo(description["defaultExecutablePath"]!.GetValue<string>())
        {
            WorkingDirectory = _appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(_appDirectory, description["defaultWorkerPath"]!.GetValue<string>()),
            "--functions-uri", $"http://127.0.0.1:{grpcPort}/",
            "--functions-worker-id", Guid.NewGuid().ToString(),
            "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }
        _settings = new Dictionary<string, string>
        {
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = _appDirectory,
            ["FUNCTIONS_WORKER_DIRECTORY"] = _appDirectory,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            // The table endpoint through the switch; blobs and queues straight to Azurite.
            ["Storage:ConnectionString"] = Azurite.ConnectionStringFor(Storage.BlobPort, Storage.QueuePort, Tables.Port),
            ["Storage:NamePrefix"] = NamePrefix,
            ["Email:QueueName"] = EmailQueue,
            // In Azure these are app settings (DevHost has them from its appsettings.json).
            ["Email:ApiKey"] = "local-sink",
            ["Email:FromAddress"] = "programme@clusterscord.example",
            ["Email:FromName"] = "Clusters Cord",
            ["Email:Host"] = DevHost.BaseAddress.ToString().TrimEnd('/'),
            ["Site:ApiBaseUrl"] = "http://worker.test",
            ["Site:ThankYouUrl"] = "http://worker.test/thank-you.html",
            // Every level, so that the test of personal data in logs reads everything the worker can say.
            ["Logging:LogLevel:Default"] = "Trace",
        };
        foreach (var (key, value) in CommonSettings)
        {
            _settings[key] = value!;
        }
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        _worker = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
        _worker.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _worker.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _worker.BeginOutputReadLine();
        _worker.BeginErrorReadLine();
        var worker = _worker;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(worker);
    }

    /// <summary>The host's start-up conversation: init (capabilities), metadata (worker indexing), a load request per function.</summary>
    private async Task HandshakeAsync()
    {
        var exited = _worker.WaitForExitAsync();
        if (await Task.WhenAny(Channel.Started, exited, Task.Delay(TimeSpan.FromMinutes(2))) != Channel.Started)
        {
            Assert.Fail("The worker did not open its stream:\n" + string.Join("\n", Output));
        }
        var init = (await Channel.RequestAsync(new JsonObject
        {
            ["workerInitRequest"] = new JsonObject
            {
                ["hostVersion"] = "4.0.0",
                ["workerDirectory"] = _appDirectory,
                ["functionAppDirectory"] = _appDirectory,
            },
        }))["workerInitResponse"]!;
        Assert.True(RpcMessages.Succeeded(init["result"]), init.ToJsonString());
        _httpUri = new Uri(init["capabilities"]?["HttpUri"]?.GetValue<string>() ?? throw new InvalidOperationException("No HttpUri capability: " + init.ToJsonString()));

        var metadata = (await Channel.RequestAsync(new JsonObject
        {
            ["functionsMetadataRequest"] = new JsonObject { ["functionAppDirectory"] = _appDirectory },
        }))["functionMetadataResponse"]!;
        Assert.True(RpcMessages.Succeeded(metadata["result"]), metadata.ToJsonString());
        Functions = metadata["functionMetadataResults"]!.AsArray().Select(f => f!.AsObject()).ToArray();

        var loads = await Task.WhenAll(Functions.Select(async function =>
        {
            var answer = await Channel.RequestAsync(new JsonObject
            {
                ["functionLoadRequest"] = new JsonObject { ["functionId"] = function["functionId"]!.DeepClone(), ["metadata"] = function.DeepClone() },
            });
            return (Name: function["name"]!.GetValue<string>(), Answer: answer["functionLoadResponse"]!.AsObject());
        }));
        Loads = loads.ToDictionary(l => l.Name, l => l.Answer);

        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_appDirectory, "host.json")))!;
        Routes = HttpRoutes.From(Functions, hostJson["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api", OrganiserKey);
        await FreePort.WaitUntilListeningAsync(_httpUri.Port, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// An HTTP request through the worker, as the host serves it: the function and route values by route, the
    /// key rule, then the request proxied to the worker's Kestrel while the invocation goes over gRPC. A
    /// request no route matches is the host's 404; a failed invocation is the host's empty 500.
    /// </summary>
    public async Task<HttpResponseMessage> InvokeHttpAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        if (Routes.Match(request.Method.Method, request.RequestUri!.AbsolutePath) is not { } match)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        }
        var (route, values) = match;
        if (route.NeedsKey && !Routes.HasKey(request))
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request };
        }
        var invocationId = Guid.NewGuid().ToString();
        using var forwarded = new HttpRequestMessage(request.Method, new Uri(_httpUri, request.RequestUri.PathAndQuery)) { Content = request.Content };
        foreach (var (name, value) in request.Headers)
        {
            forwarded.Headers.TryAddWithoutValidation(name, value);
        }
        forwarded.Headers.Add("x-ms-invocation-id", invocationId);
        // The host starts forwarding before it sends the invocation request, so the worker can pair the two.
        var proxied = _proxy.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var result = await InvokeAsync(route.FunctionId, invocationId,
            new JsonObject { ["name"] = route.Binding, ["data"] = new JsonObject { ["http"] = new JsonObject() } },
            HttpRoutes.TriggerMetadata(request, values));
        var response = await proxied;
        if (!RpcMessages.Succeeded(result["result"]))
        {
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.InternalServerError) { RequestMessage = request };
        }
        response.RequestMessage = request;
        return response;
    }

    /// <summary>A timer function now, as the host's scheduler invokes it: the timer's JSON as its input.</summary>
    public Task<JsonObject> InvokeTimerAsync(string function, bool isPastDue = false)
    {
        var now = DateTimeOffset.UtcNow;
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject { ["Last"] = now.AddMinutes(-15).ToString("o"), ["Next"] = now.AddMinutes(15).ToString("o"), ["LastUpdated"] = now.ToString("o") },
            ["IsPastDue"] = isPastDue,
        };
        return InvokeTriggerAsync(function, "timerTrigger", RpcMessages.Json(timer), new JsonObject());
    }

    /// <summary>A queue-triggered function with one message's text, and the trigger metadata the host sends with it.</summary>
    public Task<JsonObject> InvokeQueueAsync(string function, string message, string messageId = "", long dequeueCount = 1)
        => InvokeTriggerAsync(function, "queueTrigger", RpcMessages.Text(message), new JsonObject
        {
            ["QueueTrigger"] = RpcMessages.Text(message),
            ["Id"] = RpcMessages.Text(messageId),
            // The host sends a number as JSON (the worker takes no TypedData int in trigger metadata).
            ["DequeueCount"] = RpcMessages.Json(JsonValue.Create(dequeueCount)),
        });

    /// <summary>
    /// What the host's queue listener does with the worker's email queue (named by the setting the trigger's
    /// <c>%Email:QueueName%</c> names): each message to DeliverEmail, deleted once the invocation succeeded.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> DeliverQueuedEmailsAsync()
    {
        var binding = JsonNode.Parse(Function("DeliverEmail")["rawBindings"]![0]!.GetValue<string>())!;
        var queueName = binding["queueName"]!.GetValue<string>().Trim('%');
        var queue = new QueueClient(Storage.ConnectionString, _settings[queueName], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var results = new List<JsonObject>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (messages.Length == 0)
            {
                return results;
            }
            foreach (var message in messages)
            {
                var result = await InvokeQueueAsync("DeliverEmail", message.Body.ToString(), message.MessageId, message.DequeueCount);
                results.Add(result);
                if (RpcMessages.Succeeded(result["result"]))
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }
    }

    public JsonObject Function(string name) => Functions.Single(f => f["name"]!.GetValue<string>() == name);

    private Task<JsonObject> InvokeTriggerAsync(string function, string triggerType, JsonObject data, JsonObject triggerMetadata)
    {
        var metadata = Function(function);
        var trigger = metadata["bindings"]!.AsObject().Single(b => string.Equals(b.Value!["type"]!.GetValue<string>(), triggerType, StringComparison.OrdinalIgnoreCase));
        return InvokeAsync(metadata["functionId"]!.GetValue<string>(), Guid.NewGuid().ToString(),
            new JsonObject { ["name"] = trigger.Key, ["data"] = data }, triggerMetadata);
    }

    /// <summary>One <c>InvocationRequest</c>; the answer is its <c>InvocationResponse</c>. The host always sends a trace context (the worker needs one).</summary>
    private async Task<JsonObject> InvokeAsync(string functionId, string invocationId, JsonObject input, JsonObject triggerMetadata)
    {
        var answer = await Channel.RequestAsync(new JsonObject
        {
            ["invocationRequest"] = new JsonObject
            {
                ["invocationId"] = invocationId,
                ["functionId"] = functionId,
                ["inputData"] = new JsonArray(input),
                ["triggerMetadata"] = triggerMetadata,
                ["traceContext"] = new JsonObject
                {
                    ["traceParent"] = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01",
                    ["traceState"] = "",
                },
            },
        }, TimeSpan.FromMinutes(2));
        var response = answer["invocationResponse"]!.AsObject();
        _invocations.Enqueue(response);
        return response;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Organiser?.Dispose();
        if (_worker is not null)
        {
            // The host's goodbye; then the process is ended if it lingers.
            await Channel.SendAsync(new JsonObject { ["workerTerminate"] = new JsonObject { ["gracePeriod"] = "5s" } });
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _worker.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Stop(_worker);
            }
            _worker.Dispose();
        }
        if (_grpc is not null)
        {
            await _grpc.DisposeAsync();
        }
        if (DevHost is not null)
        {
            await DevHost.DisposeAsync();
        }
        if (Tables is not null)
        {
            await Tables.DisposeAsync();
        }
        if (Storage is not null)
        {
            await Storage.DisposeAsync();
        }
        _proxy.Dispose();
        try
        {
            Directory.Delete(_appDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary folder.
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Lets an <see cref="HttpClient"/> call the worker through <see cref="InvokeHttpAsync"/>.</summary>
    private sealed class ThroughWorker(WorkerHost host) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => host.InvokeHttpAsync(request, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerHost>
{
    public const string Name = "The published worker";
}
