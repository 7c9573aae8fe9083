using System.Diagnostics;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// Waits for something the app does on its own time (a log written a moment after the answer, a server
/// that starts): polls a condition until it holds, and fails with a message when the deadline passes.
/// Tests never sleep a fixed time: a fixed sleep is too short on a busy machine and wasted on an idle one.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="because"/> after <paramref name="within"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? within = null, TimeSpan? interval = null)
    {
        if (!await HoldsAsync(condition, within ?? DefaultDeadline, interval))
        {
            Assert.Fail($"Not within {(within ?? DefaultDeadline).TotalSeconds:0.#} s: {because}");
        }
    }

    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? within = null)
        => TrueAsync(() => Task.FromResult(condition()), because, within);

    /// <summary>Whether <paramref name="condition"/> came true within <paramref name="within"/> (for callers with their own message).</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (clock.Elapsed > within)
            {
                return false;
            }
            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
