using System.Net.Http.Json;
using Azure.Data.Tables;
using ClustersCord.Bench;

// dotnet run -c Release --project bench -- [registrations|sinkhold|catalogue|reminders|all] [rounds of the bursts and of the catalogue, default 5]
// Against ./run's stack: the API at CLUSTERSCORD_API (default http://localhost:7071), Azurite's tables at
// CLUSTERSCORD_STORAGE (default UseDevelopmentStorage=true), the organiser key in CLUSTERSCORD_ORGANISER_KEY.
// dotnet run -c Release --project bench -- meetings|meetings-tight [seeds, default 5] [time limit in seconds, default 10] [CP-SAT workers]
// needs no stack (the scheduler is pure domain code); "all" does not include it.
var what = args.FirstOrDefault() ?? "all";
if (what is "meetings" or "meetings-tight")
{
    var seeds = args.Length > 1 && int.TryParse(args[1], out var s) && s > 0 ? s : 5;
    var limit = args.Length > 2 && double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var l) && l > 0 ? l : 10;
    int? workers = args.Length > 3 && int.TryParse(args[3], out var w) && w > 0 ? w : null;
    Console.WriteLine($"Clusters Cord benchmarks, {DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    MeetingsBenchmark.Run(seeds, TimeSpan.FromSeconds(limit), workers, tight: what == "meetings-tight");
    return;
}
var rounds = args.Length > 1 && int.TryParse(args[1], out var r) && r > 0 ? r : 5;
var api = new Uri(Environment.GetEnvironmentVariable("CLUSTERSCORD_API") ?? "http://localhost:7071");
var key = Environment.GetEnvironmentVariable("CLUSTERSCORD_ORGANISER_KEY") ?? throw new InvalidOperationException("Set CLUSTERSCORD_ORGANISER_KEY (./run prints it).");
var storage = new TableServiceClient(Environment.GetEnvironmentVariable("CLUSTERSCORD_STORAGE") ?? "UseDevelopmentStorage=true");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(10) };
using var organiser = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(10) };
organiser.DefaultRequestHeaders.Add("x-functions-key", key);

Console.WriteLine($"Clusters Cord benchmarks, {DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
(await organiser.GetAsync("/api/health")).EnsureSuccessStatusCode();
var bench = new Benchmarks(http, organiser, storage);
if (what is "registrations" or "all") await bench.RegistrationBurstAsync(rounds);
if (what is "sinkhold" or "all") await bench.SinkHoldAsync(rounds);
if (what is "catalogue" or "all") await bench.CatalogueAsync(rounds);
if (what is "reminders" or "all") await bench.RemindersAsync();
