using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace ClustersCord.Bench;

/// <summary>Each comparison runs the app and a raw baseline side by side, in one run, on the same Azurite.</summary>
public sealed class Benchmarks(HttpClient http, HttpClient organiser, TableServiceClient storage)
{
    private readonly string _run = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss");

    /// <summary>Warm-up rounds of the burst (<c>BENCH_WARMUP</c>): one by default; more show whether compilation still weighs on the rounds.</summary>
    private static readonly int WarmUpRounds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP"), out var rounds) && rounds > 0 ? rounds : 1;

    private static JsonObject Event(DateTimeOffset startsAt, int capacity, string[]? reminders = null) => new()
    {
        ["type"] = "exchangeForum",
        ["title"] = new JsonObject { ["en"] = "BENCHMARK forum" },
        ["city"] = "Linz", ["country"] = "AT", ["timeZone"] = "Europe/Vienna",
        ["startsAt"] = startsAt.ToString("o"), ["endsAt"] = startsAt.AddHours(8).ToString("o"),
        ["capacity"] = capacity,
        ["registration"] = new JsonObject { ["opensAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("o"), ["closesAt"] = startsAt.AddHours(-1).ToString("o") },
        ["reminders"] = new JsonArray((reminders ?? ["P7D", "P1D"]).Select(r => (JsonNode)r).ToArray()),
    };

    private static JsonObject Person(string email, string language = "en") => new()
    {
        ["firstName"] = "Bench", ["lastName"] = "Mark", ["email"] = email, ["organisation"] = "Benchmark cluster",
        ["country"] = "CZ", ["role"] = "clusterMember", ["language"] = language, ["consent"] = true,
    };

    /// <summary>
    /// Rounds of the burst against the raw inserts after warm-up rounds (<c>BENCH_WARMUP</c>, default one), the order alternating (API
    /// first, then raw first) so that neither side always meets the storage emulator right after the
    /// other's writes; the median of the rounds' ratios is the figure.
    /// </summary>
    public async Task RegistrationBurstAsync(int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"== Registration burst: 1,000 registrations, 64 concurrent clients, capacity 200; {rounds} rounds ==");
        // Warm-up rounds, not counted: the first requests of a fresh process pay for compilation and caches.
        for (var warm = 1; warm <= WarmUpRounds; warm++)
        {
            await BurstThroughApiAsync($"{_run}warm{warm}");
            await RawInsertsAsync($"{_run}warm{warm}");
            await AdmissionTransactionsAsync($"{_run}warm{warm}");
        }
        var ratios = new List<double>();
        var p99s = new List<double>();
        var aloneRatios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"-- round {round} ({(round % 2 == 1 ? "API first" : "raw first")})");
            Series viaApi, rawInserts;
            if (round % 2 == 1)
            {
                viaApi = await BurstThroughApiAsync($"{_run}r{round}");
                rawInserts = await RawInsertsAsync($"{_run}r{round}");
            }
            else
            {
                rawInserts = await RawInsertsAsync($"{_run}r{round}");
                viaApi = await BurstThroughApiAsync($"{_run}r{round}");
            }
            var storageAlone = await AdmissionTransactionsAsync($"{_run}r{round}");
            Console.WriteLine(viaApi);
            Console.WriteLine(rawInserts);
            Console.WriteLine(storageAlone);
            Console.WriteLine($"throughput ratio API/raw: {viaApi.PerSecond / rawInserts.PerSecond:F2}   p50 ratio: {viaApi.P(0.5) / rawInserts.P(0.5):F2}   p99 ratio: {viaApi.P(0.99) / rawInserts.P(0.99):F2}   storage alone/raw: {storageAlone.PerSecond / rawInserts.PerSecond:F2}");
            ratios.Add(viaApi.PerSecond / rawInserts.PerSecond);
            p99s.Add(viaApi.P(0.99) / rawInserts.P(0.99));
            aloneRatios.Add(storageAlone.PerSecond / rawInserts.PerSecond);
        }
        Console.WriteLine($"median throughput ratio API/raw over {rounds} rounds: {Median(ratios)} (each: {Each(ratios)})");
        Console.WriteLine($"median p99 ratio API/raw: {Median(p99s)} (each: {Each(p99s)})");
        Console.WriteLine($"median throughput ratio storage alone/raw: {Median(aloneRatios)} (each: {Each(aloneRatios)})");
    }

    /// <summary>
    /// Not a target, a diagnosis: the storage writes of 1,000 admissions without the app around them, as the
    /// partition writer makes them (two rows a person, shaped like the registration and its duplicate check;
    /// 49 people, the seats row under its ETag and one row listing their pending emails in each transaction;
    /// one transaction at a time). Set beside the API's rate, it tells what the storage design costs on this Azurite and what
    /// the host (HTTP, the function pipeline, sharing the cores) adds.
    /// </summary>
    private async Task<Series> AdmissionTransactionsAsync(string tag)
    {
        var table = storage.GetTableClient("benchtx" + tag);
        await table.CreateIfNotExistsAsync();
        var etag = (await table.AddEntityAsync(new TableEntity("burst", "seats") { ["Capacity"] = 200, ["Confirmed"] = 0 })).Headers.ETag!.Value;
        var times = new List<double>();
        await StackProcesses.WaitUntilQuietAsync();
        var cpu = CpuUse.Now();
        var wall = Stopwatch.StartNew();
        for (var first = 0; first < 1000; first += PerTransaction)
        {
            var people = Enumerable.Range(first, Math.Min(PerTransaction, 1000 - first)).ToList();
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, new TableEntity("burst", "seats") { ["Capacity"] = 200, ["Confirmed"] = Math.Min(200, first + people.Count) }, etag),
            };
            var emails = new List<string>();
            foreach (var i in people)
            {
                var id = $"{Guid.NewGuid():N}";
                actions.Add(new(TableTransactionActionType.Add, AdmittedRow(i, id)));
                actions.Add(new(TableTransactionActionType.Add, new TableEntity("burst", $"e-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))}") { ["RegistrationId"] = id }));
                emails.Add($$"""{"r":"bench.{{id}}","k":"{{(i < 200 ? "confirmed" : "waitlisted")}}"}""");
            }
            actions.Add(new(TableTransactionActionType.Add, new TableEntity("burst", $"m-~{Guid.NewGuid():N}") { ["Emails"] = $"[{string.Join(',', emails)}]", ["Since"] = DateTimeOffset.UtcNow }));
            var one = Stopwatch.StartNew();
            var response = await table.SubmitTransactionAsync(actions);
            etag = response.Value[0].Headers.ETag!.Value;
            times.AddRange(people.Select(_ => one.Elapsed.TotalMilliseconds));
        }
        var series = new Series("storage alone: admission transactions", times, wall.Elapsed, CpuUse.Now() - cpu);
        await table.DeleteAsync();
        return series;
    }

    /// <summary>People per admission transaction, as the partition writer commits them (its MaxAdmissionsPerTransaction).</summary>
    private const int PerTransaction = 49;

    /// <summary>A registration row with the properties the app stores for one.</summary>
    private static TableEntity AdmittedRow(int i, string id) => new("burst", $"r-{id}")
    {
        ["Id"] = $"bench.{id}", ["FirstName"] = "Bench", ["LastName"] = "Mark", ["Email"] = $"burst{i}@bench.example",
        ["EmailKey"] = $"burst{i}@bench.example", ["Organisation"] = "Benchmark cluster", ["Country"] = "CZ", ["Role"] = "clusterMember",
        ["Sectors"] = "", ["StudyVisit"] = false, ["Language"] = "en", ["Status"] = i < 200 ? "confirmed" : "waitlisted",
        ["WaitlistTicket"] = i < 200 ? null : (long?)i, ["RegisteredAt"] = DateTimeOffset.UtcNow, ["ConfirmedAt"] = i < 200 ? DateTimeOffset.UtcNow : null,
        ["ConsentedAt"] = DateTimeOffset.UtcNow, ["ConsentTextVersion"] = "2026-01", ["TokenHash"] = new string('a', 64), ["RemindersStopped"] = false,
    };

    /// <summary>
    /// The burst with the SendGrid sink holding every request for 10 s (DevHost's <c>/dev/outbox/faults</c>),
    /// side by side with a burst without it: the answers must not wait for the email provider. The hold ends
    /// after the burst, and every email must then arrive.
    /// </summary>
    public async Task SinkHoldAsync(int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"== Registration burst while the sink holds each request 10 s, against one without; {rounds} rounds ==");
        await BurstThroughApiAsync($"{_run}hwarm");
        var p50s = new List<double>();
        var p99s = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"-- round {round} ({(round % 2 == 1 ? "held first" : "free first")})");
            Series held, free;
            if (round % 2 == 1)
            {
                held = await HeldBurstAsync($"{_run}h{round}");
                free = await BurstThroughApiAsync($"{_run}f{round}");
            }
            else
            {
                free = await BurstThroughApiAsync($"{_run}f{round}");
                held = await HeldBurstAsync($"{_run}h{round}");
            }
            Console.WriteLine($"held/free: throughput {held.PerSecond / free.PerSecond:F2}   p50 {held.P(0.5) / free.P(0.5):F2}   p99 {held.P(0.99) / free.P(0.99):F2}");
            p50s.Add(held.P(0.5) / free.P(0.5));
            p99s.Add(held.P(0.99) / free.P(0.99));
        }
        Console.WriteLine($"median held/free over {rounds} rounds: p50 {Median(p50s)} (each: {Each(p50s)}), p99 {Median(p99s)} (each: {Each(p99s)})");
    }

    /// <summary>
    /// How long the hold lasts after the held burst's last answer: longer than the burst's delivery delay
    /// (<c>Email:BurstDeliveryDelay</c>, 5 s), so that the burst's own deliveries meet the held sink too.
    /// </summary>
    private static readonly TimeSpan HoldAfterBurst = TimeSpan.FromSeconds(15);

    private async Task<Series> HeldBurstAsync(string tag)
    {
        (await organiser.PutAsJsonAsync("/dev/outbox/faults", new { holdSeconds = 10 })).EnsureSuccessStatusCode();
        try
        {
            var held = await BurstThroughApiAsync(tag, waitForEmails: false);
            await Task.Delay(HoldAfterBurst);
            return held;
        }
        finally
        {
            (await organiser.DeleteAsync("/dev/outbox/faults")).EnsureSuccessStatusCode();
            var (arrived, last) = await EmailsArrivedAsync(tag, 1000, TimeSpan.FromMinutes(15));
            Console.WriteLine($"after the hold ended: {arrived} of 1000 emails at the sink{(last is { } at ? $", the last at {at:HH:mm:ss.f}" : "")}");
        }
    }

    /// <summary>Waits until <paramref name="expected"/> emails to the burst's addresses reached the sink (or the deadline passed).</summary>
    private async Task<(int Arrived, DateTimeOffset? Last)> EmailsArrivedAsync(string tag, int expected, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        var url = $"/dev/outbox?format=summary&to={Uri.EscapeDataString($"-{tag}@bench.example")}";
        while (true)
        {
            var summary = await organiser.GetFromJsonAsync<JsonElement>(url);
            var arrived = summary.GetProperty("personalizations").GetInt32();
            if (arrived >= expected || DateTimeOffset.UtcNow > deadline)
            {
                return (arrived, summary.GetProperty("lastReceivedAt").ValueKind == JsonValueKind.Null ? null : summary.GetProperty("lastReceivedAt").GetDateTimeOffset());
            }
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// 1,000 registrations through the API; checks afterwards that none is overbooked or lost, and (unless
    /// told not to) how long until the last of their emails, delivered by the queue, reached the sink.
    /// </summary>
    private async Task<Series> BurstThroughApiAsync(string tag, bool waitForEmails = true)
    {
        var eventId = $"bench-burst-{tag}";
        (await organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Event(DateTimeOffset.UtcNow.AddDays(30), 200))).EnsureSuccessStatusCode();
        var answered = new HttpStatusCode[1000];
        var viaApi = await Measure.RunAsync("API POST /registrations", 1000, 64, async i =>
        {
            var response = await http.PostAsJsonAsync($"/api/events/{eventId}/registrations", Person($"burst{i}-{tag}@bench.example"));
            answered[i] = response.StatusCode;
        });
        var answeredAt = DateTimeOffset.UtcNow;
        var began = answeredAt - viaApi.Wall;
        var rows = await AllRegistrationsAsync(eventId);
        var shown = await http.GetFromJsonAsync<JsonElement>($"/api/events/{eventId}");
        var acknowledged = Enumerable.Range(0, 1000).Where(i => answered[i] is HttpStatusCode.Created or HttpStatusCode.OK).Select(i => $"burst{i}-{tag}@bench.example").ToHashSet();
        var stored = rows.Select(r => r.GetProperty("email").GetString()).ToHashSet();
        var confirmed = rows.Count(r => r.GetProperty("status").GetString() == "confirmed");
        Console.WriteLine($"answers: {string.Join(", ", answered.GroupBy(a => a).Select(g => $"{(int)g.Key}×{g.Count()}"))}   "
            + $"overbooked: {Math.Max(0, confirmed - 200)} (confirmed {confirmed}, seats record {shown.GetProperty("confirmed").GetInt32()})   lost: {acknowledged.Count(a => !stored.Contains(a))}");
        if (waitForEmails)
        {
            var (arrived, last) = await EmailsArrivedAsync(tag, acknowledged.Count, TimeSpan.FromMinutes(10));
            Console.WriteLine($"emails: {arrived} of {acknowledged.Count} at the sink"
                + (last is { } at ? $", the last {(at - began).TotalSeconds:F1} s after the burst began ({(at - answeredAt).TotalSeconds:F1} s after its last answer)" : ""));
        }
        return viaApi;
    }

    private async Task<Series> RawInsertsAsync(string tag)
    {
        var raw = storage.GetTableClient("benchraw" + tag);
        await raw.CreateIfNotExistsAsync();
        var rawInserts = await Measure.RunAsync("raw TableClient.AddEntity", 1000, 64,
            i => raw.AddEntityAsync(new TableEntity("burst", $"r-{i:D6}") { ["Email"] = $"burst{i}@bench.example", ["Status"] = "confirmed" }));
        await raw.DeleteAsync();
        return rawInserts;
    }

    /// <summary>
    /// Catalogue queries against raw point reads of the same table, after a warm-up, in rounds whose order
    /// alternates; the medians of the rounds' p95 and p50 ratios are the figures.
    /// </summary>
    public async Task CatalogueAsync(int rounds)
    {
        Console.WriteLine();
        Console.WriteLine("== Catalogue at 10,000 profiles ==");
        var countries = new[] { "CZ", "AT", "IT", "DE", "PL", "SK", "HU", "SI" };
        var sectors = new[] { "ict", "tourism", "health", "energyEnvironment", "food" };
        var words = new[] { "zdravotnické", "Lebensmittel", "turismo", "energetyka", "software", "wellness", "hydrogen", "packaging", "dairy", "robotics" };
        var existing = (await http.GetAsync("/api/clusters/bench-09999")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        var import = Stopwatch.StartNew();
        if (existing == 0)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, _) =>
            {
                var clusters = new JsonArray(Enumerable.Range(chunk * 500, 500).Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = $"bench-{i:D5}", ["name"] = $"Bench cluster {i:D5} {words[i % words.Length]}", ["country"] = countries[i % countries.Length],
                    ["description"] = $"Benchmark profile {i} about {words[(i * 7) % words.Length]} and {words[(i * 3) % words.Length]}.",
                    ["sectors"] = new JsonArray(sectors[i % sectors.Length], sectors[(i / 5) % sectors.Length]), ["workingGroups"] = new JsonArray(sectors[i % sectors.Length]),
                    ["memberCount"] = 15 + i % 200, ["memberTypes"] = new JsonArray("companies", "research"),
                    ["offers"] = new JsonArray("market-access", $"phrase {i % 50}"), ["needs"] = new JsonArray("funding", $"phrase {(i + 7) % 50}"),
                    ["contact"] = new JsonObject { ["name"] = "Bench", ["email"] = $"c{i}@bench.example" }, ["isSample"] = true,
                }).ToArray());
                (await organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject { ["clusters"] = clusters })).EnsureSuccessStatusCode();
            });
        }
        Console.WriteLine($"import of 10,000 profiles: {import.Elapsed.TotalSeconds:F1} s{(existing > 0 ? " (already there)" : "")}");
        var rebuild = Stopwatch.StartNew();
        (await http.GetAsync("/api/clusters?pageSize=1")).EnsureSuccessStatusCode();
        Console.WriteLine($"first query (snapshot rebuilt if stale): {rebuild.Elapsed.TotalMilliseconds:F0} ms");

        var table = storage.GetTableClient("clusters");
        Task<Series> Filtered() => Measure.RunAsync("filtered (sector+country)", 500, 8,
            i => Ok(http.GetAsync($"/api/clusters?sector={sectors[i % 5]}&country={countries[i % 8]}")));
        Task<Series> Text() => Measure.RunAsync("free text (q, diacritics folded)", 500, 8,
            i => Ok(http.GetAsync($"/api/clusters?q={Uri.EscapeDataString(words[i % words.Length].ToUpperInvariant())}")));
        Task<Series> PointRead() => Measure.RunAsync("raw point read (TableClient)", 500, 8,
            i => table.GetEntityAsync<TableEntity>("profile", $"bench-{i * 17 % 10000:D5}"));

        // A warm-up of each series, not counted; then rounds with the order alternating (API first, then raw
        // first), so neither side always follows the other; the medians of the rounds' ratios are the figures.
        await Filtered();
        await Text();
        await PointRead();
        var p95Filtered = new List<double>();
        var p95Text = new List<double>();
        var p50Filtered = new List<double>();
        var p50Text = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"-- round {round} ({(round % 2 == 1 ? "API first" : "raw first")})");
            Series filtered, text, pointRead;
            if (round % 2 == 1)
            {
                filtered = await Filtered();
                text = await Text();
                pointRead = await PointRead();
            }
            else
            {
                pointRead = await PointRead();
                filtered = await Filtered();
                text = await Text();
            }
            foreach (var series in new[] { filtered, text, pointRead }) Console.WriteLine(series);
            Console.WriteLine($"p95 ratio filtered/point read: {filtered.P(0.95) / pointRead.P(0.95):F2}   free text/point read: {text.P(0.95) / pointRead.P(0.95):F2}   "
                + $"p50 ratio filtered/point read: {filtered.P(0.5) / pointRead.P(0.5):F2}   free text/point read: {text.P(0.5) / pointRead.P(0.5):F2}");
            p95Filtered.Add(filtered.P(0.95) / pointRead.P(0.95));
            p95Text.Add(text.P(0.95) / pointRead.P(0.95));
            p50Filtered.Add(filtered.P(0.5) / pointRead.P(0.5));
            p50Text.Add(text.P(0.5) / pointRead.P(0.5));
        }
        Console.WriteLine($"median over {rounds} rounds: p95 filtered/point read {Median(p95Filtered)} (each: {Each(p95Filtered)}), free text/point read {Median(p95Text)} (each: {Each(p95Text)})");
        Console.WriteLine($"median over {rounds} rounds: p50 filtered/point read {Median(p50Filtered)} (each: {Each(p50Filtered)}), free text/point read {Median(p50Text)} (each: {Each(p50Text)})");

        var full = await Measure.RunAsync("full answer (200, 20 items)", 500, 8, i => Ok(http.GetAsync("/api/clusters?sector=health")));
        var etag = (await http.GetAsync("/api/clusters?sector=health")).Headers.ETag!.Tag;
        var revalidated = await Measure.RunAsync("revalidation (304)", 500, 8, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?sector=health");
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotModified) throw new InvalidOperationException("expected 304");
        });
        foreach (var series in new[] { full, revalidated }) Console.WriteLine(series);
        Console.WriteLine($"p50 ratio 304/full: {revalidated.P(0.5) / full.P(0.5):F2}");
    }

    private static string Median(List<double> ratios) => ratios.Order().ElementAt(ratios.Count / 2).ToString("F2");

    private static string Each(List<double> ratios) => string.Join(", ", ratios.Select(r => r.ToString("F2")));

    public async Task RemindersAsync()
    {
        Console.WriteLine();
        Console.WriteLine("== Reminders for 10,000 confirmed registrants ==");
        var eventId = $"bench-reminders-{_run}";
        // The 7-day reminder falls due 90 s from now; registrations made before then receive it.
        var starts = DateTimeOffset.UtcNow.AddDays(7).AddSeconds(90);
        (await organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Event(starts, 10_000, ["P7D"]))).EnsureSuccessStatusCode();
        var languages = new[] { "en", "cs", "de", "it" };
        var registering = await Measure.RunAsync("registrations to fill the event", 10_000, 64, async i =>
            (await http.PostAsJsonAsync($"/api/events/{eventId}/registrations", Person($"rem{i}-{_run}@bench.example", languages[i % 4]))).EnsureSuccessStatusCode());
        Console.WriteLine(registering);
        var wait = starts.AddDays(-7) - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        if (wait > TimeSpan.Zero)
        {
            Console.WriteLine($"waiting {wait.TotalSeconds:F0} s for the reminder to fall due...");
            await Task.Delay(wait);
        }
        (await http.DeleteAsync("/dev/outbox")).EnsureSuccessStatusCode();
        var before = Measure.DevHostMemory();
        var run = Stopwatch.StartNew();
        (await organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).EnsureSuccessStatusCode();
        run.Stop();
        var after = Measure.DevHostMemory();
        var outbox = await http.GetFromJsonAsync<JsonElement>("/dev/outbox?format=json");
        var reminders = outbox.EnumerateArray().Select(e => e.GetProperty("request"))
            .Where(r => r.GetProperty("categories")[0].GetString() == "registration-reminder").ToList();
        var recipients = reminders.Sum(r => r.GetProperty("personalizations").GetArrayLength());

        var table = storage.GetTableClient("registrations");
        var scan = Stopwatch.StartNew();
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}"))) rows++;
        scan.Stop();
        Console.WriteLine($"SendReminders: {run.Elapsed.TotalSeconds:F2} s, {reminders.Count} SendGrid requests, {recipients} recipients");
        Console.WriteLine($"raw scan of the same partition: {scan.Elapsed.TotalSeconds:F2} s ({rows} rows)   ratio run/scan: {run.Elapsed / scan.Elapsed:F2}");
        Console.WriteLine($"DevHost memory: RSS {before?.NowMb} MB before, {after?.NowMb} MB after, peak (VmHWM, whole process life) {after?.PeakMb} MB");
        (await organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).EnsureSuccessStatusCode();
        var again = (await http.GetFromJsonAsync<JsonElement>("/dev/outbox?format=json")).GetArrayLength();
        Console.WriteLine($"second run right after: {again - outbox.GetArrayLength()} more requests");
    }

    private async Task<List<JsonElement>> AllRegistrationsAsync(string eventId)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/registrations?pageSize=100" + (token is null ? "" : "&continuationToken=" + token));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return all;
    }

    private static async Task Ok(Task<HttpResponseMessage> call) => (await call).EnsureSuccessStatusCode();
}
