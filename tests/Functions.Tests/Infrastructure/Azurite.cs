using System.Diagnostics;
using System.Globalization;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// A real Azurite (from the repository's node_modules, installed by ./test) on free ports with in-memory
/// persistence. Started once for the test run and shared: every test host uses its own table and container
/// name prefix, so tests do not see each other's data. Stopped when the test process exits, or (should that
/// not run) by its watchdog within a second of the test process's end.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private static readonly Lazy<Task<Azurite>> Shared = new(() => StartAsync());
    private readonly Process _process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>The development account, on this instance's ports.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>
    /// Azurite's development account on the given ports. The account key is not a secret: it is the fixed,
    /// publicly documented key every Azurite and storage emulator accepts (what UseDevelopmentStorage=true
    /// stands for), which that shorthand cannot combine with other ports.
    /// </summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static Task<Azurite> GetAsync() => Shared.Value;

    /// <summary>
    /// Runs Azurite (the arguments after the test host's process id) and ends it once the test host is gone:
    /// the host stops it on exit, but a host that is killed, or ended by the test runner before its exit
    /// handlers ran, used to leave an Azurite running per test run. A TERM is passed on to Azurite, so a
    /// graceful stop still lets it write its data.
    /// </summary>
    private const string Watchdog = """
        host=$1; shift
        "$@" & azurite=$!
        trap 'kill -TERM $azurite 2>/dev/null; wait $azurite; exit' TERM INT
        while kill -0 "$host" 2>/dev/null && kill -0 $azurite 2>/dev/null; do sleep 1 & wait $!; done
        kill -TERM $azurite 2>/dev/null
        wait $azurite
        """;

    /// <summary>
    /// Starts an Azurite of its own: on free ports with in-memory data, or on given ports with its data in a
    /// folder, so that a test can stop it and start it again with the data still there.
    /// </summary>
    public static async Task<Azurite> StartAsync(int? blobPort = null, int? queuePort = null, int? tablePort = null, string? location = null)
    {
        var executable = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException("Azurite is not installed: run ./test (or npm ci) at the repository root.");
        }
        var (blob, queue, table) = (blobPort ?? FreePort.Next(), queuePort ?? FreePort.Next(), tablePort ?? FreePort.Next());
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c", Watchdog, "azurite-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), executable,
                location is null ? "--inMemoryPersistence" : "--location=" + location, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blob, queue, table);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Stop();
        await FreePort.WaitUntilListeningAsync(blob, TimeSpan.FromSeconds(30));
        await FreePort.WaitUntilListeningAsync(table, TimeSpan.FromSeconds(30));
        return azurite;
    }

    /// <summary>Stops it as an operator would (SIGTERM), letting it write its data to disk first.</summary>
    public Task StopGracefullyAsync() => Task.Run(() => Stop(TimeSpan.FromSeconds(15)));

    public void Stop() => Stop(TimeSpan.FromSeconds(5));

    /// <summary>
    /// TERM to the watchdog, which passes it on and exits once Azurite has; a process-tree kill only when that
    /// did not end it within <paramref name="grace"/>. The tree kill first stops each process (SIGSTOP) and then
    /// kills it: run by a test host that is ending, it was seen to stop the watchdog and never kill it, leaving
    /// both behind.
    /// </summary>
    private void Stop(TimeSpan grace)
    {
        try
        {
            if (_process.HasExited)
            {
                return;
            }
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                term?.WaitForExit(2000);
            }
            if (!_process.WaitForExit(grace))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
