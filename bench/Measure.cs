using System.Diagnostics;

namespace ClustersCord.Bench;

/// <summary>Latencies of one series of calls, and the wall time of the whole series.</summary>
public sealed record Series(string Name, IReadOnlyList<double> Milliseconds, TimeSpan Wall, CpuUse Cpu)
{
    public double P(double percentile)
    {
        var sorted = Milliseconds.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(percentile * sorted.Length) - 1)];
    }

    public double PerSecond => Milliseconds.Count / Wall.TotalSeconds;

    public override string ToString() => $"{Name,-38} n={Milliseconds.Count,6}  {PerSecond,8:F0}/s  p50 {P(0.50),7:F1} ms  p95 {P(0.95),7:F1} ms  p99 {P(0.99),7:F1} ms  CPU s: Azurite {Cpu.Azurite:F2}, DevHost {Cpu.DevHost:F2}";
}

public static class Measure
{
    /// <summary>Runs <paramref name="count"/> calls with at most <paramref name="concurrency"/> at once, timing each.</summary>
    public static async Task<Series> RunAsync(string name, int count, int concurrency, Func<int, Task> call)
    {
        var times = new double[count];
        await StackProcesses.WaitUntilQuietAsync();
        var cpu = CpuUse.Now();
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var one = Stopwatch.StartNew();
            await call(i);
            times[i] = one.Elapsed.TotalMilliseconds;
        });
        return new Series(name, times, wall.Elapsed, CpuUse.Now() - cpu);
    }

    /// <summary>Peak and current resident memory of the DevHost process, from /proc.</summary>
    public static (long PeakMb, long NowMb)? DevHostMemory()
    {
        if (StackProcesses.DevHost() is not { } pid)
        {
            return null;
        }
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Kb(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0]);
        return (Kb("VmHWM") / 1024, Kb("VmRSS") / 1024);
    }
}
