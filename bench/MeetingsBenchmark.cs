using System.Diagnostics;
using System.Globalization;
using ClustersCord.Domain.Meetings.Scheduling;
using ClustersCord.Domain.Tests.Meetings;

namespace ClustersCord.Bench;

/// <summary>
/// The meeting scheduler on a forum of 150 participants, 600 accepted requests, 2 days × 12 slots and 30
/// tables, availability random per person (60–100 % of the slots), one forum per seed. Pure domain code: no
/// stack needed. Every answer goes through the tests' independent validator (linked from tests/Domain.Tests).
/// </summary>
public static class MeetingsBenchmark
{
    /// <param name="tight">
    /// The harder variant instead: 20 tables (480 places for 600 requests) and availability 30–70 %, where the
    /// greedy answer is further from the best and the fairness rule matters.
    /// </param>
    public static void Run(int seeds, TimeSpan limit, int? workers, bool tight = false)
    {
        var scheduler = new CpSatMeetingScheduler(workers);
        var (tables, minAvailable, maxAvailable) = tight ? (20, 0.3, 0.7) : (30, 0.6, 1.0);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== Meetings: 150 people, 600 requests, 2 days x 12 slots, {tables} tables, availability {minAvailable:P0}-{maxAvailable:P0}; {seeds} seeds; limit {limit.TotalSeconds:0.#} s; CP-SAT workers {workers?.ToString(CultureInfo.InvariantCulture) ?? "default"} =="));
        // A warm-up solve, not counted: the first call loads the native library and JIT-compiles the wrapper.
        scheduler.Run(RandomForum.Create(0, 40, 120, 8, 6), limit, CancellationToken.None);
        Console.WriteLine("| seed | scheduled | upper bound | gap to bound | proved optimal | CP-SAT status | greedy | people with a meeting (CP-SAT / greedy / with requests) | time CP-SAT | time greedy | violations |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var met = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var problem = RandomForum.Create(seed, people: 150, requests: 600, slots: 24, tables, minAvailable, maxAvailable);
            var greedyClock = Stopwatch.StartNew();
            var greedy = GreedyMeetingScheduler.Place(problem);
            var greedyTime = greedyClock.Elapsed;
            var run = scheduler.Run(problem, limit, CancellationToken.None);
            var result = run.Result;
            var violations = ScheduleValidator.Violations(problem, result.Placements).Count;
            var (withRequests, covered) = ScheduleValidator.Coverage(problem, result.Placements);
            var greedyCovered = ScheduleValidator.Coverage(problem, greedy).WithMeetings;
            var gap = result.UpperBound == 0 ? 0 : (double)(result.UpperBound - result.Scheduled) / result.UpperBound;
            var targetMet = (result.Optimal || gap <= 0.01) && result.Scheduled >= result.Greedy && result.Elapsed <= TimeSpan.FromSeconds(10) && violations == 0;
            met += targetMet ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {seed} | {result.Scheduled} | {result.UpperBound} | {gap:P2} | {(result.Optimal ? "yes" : "no")} | {run.Status}{(run.FellBack ? " (greedy returned)" : "")} | {result.Greedy} | {covered} / {greedyCovered} / {withRequests} | {result.Elapsed.TotalSeconds:F2} s | {greedyTime.TotalMilliseconds:F0} ms | {violations} |"));
        }
        Console.WriteLine($"target (optimal or within 1 % of the bound, >= greedy, <= 10 s, no violation) met on {met} of {seeds} seeds");
    }
}
