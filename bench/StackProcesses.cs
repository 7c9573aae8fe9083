namespace ClustersCord.Bench;

/// <summary>The processes of ./run's stack on this machine, found by their command lines in /proc.</summary>
public static class StackProcesses
{
    public static int? DevHost() => Find("ClustersCord.DevHost.dll");

    /// <summary>./run's Azurite (its data in .run/azurite); any Azurite when that one is not found.</summary>
    public static int? Azurite() => Find("azurite", ".run/azurite") ?? Find("azurite");

    /// <summary>User plus system CPU time a process has used so far; zero when it is not found.</summary>
    public static double CpuSeconds(int? pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
            var stat = pid is null ? null : File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat?[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields is null ? 0 : (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Waits until Azurite and DevHost are idle (under a tenth of a core each over a quarter second, at most
    /// ten seconds): after a burst they finish work of their own (Azurite saving its data, the runtime's
    /// background compilation and collection), which would otherwise land on the next series.
    /// </summary>
    public static async Task WaitUntilQuietAsync()
    {
        var window = TimeSpan.FromMilliseconds(250);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var before = CpuUse.Now();
            await Task.Delay(window);
            var used = CpuUse.Now() - before;
            if (Math.Max(used.Azurite, used.DevHost) < window.TotalSeconds / 10)
            {
                return;
            }
        }
    }

    private static int? Find(string commandLinePart, string? alsoContaining = null)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (cmdline.Contains(commandLinePart, StringComparison.Ordinal) && !cmdline.Contains("ClustersCord.Bench", StringComparison.Ordinal)
                    && (alsoContaining is null || cmdline.Contains(alsoContaining, StringComparison.Ordinal)))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return null;
    }
}

/// <summary>CPU seconds the stack's processes used: taken before and after a series, and subtracted.</summary>
public readonly record struct CpuUse(double Azurite, double DevHost)
{
    public static CpuUse Now() => new(StackProcesses.CpuSeconds(StackProcesses.Azurite()), StackProcesses.CpuSeconds(StackProcesses.DevHost()));

    public static CpuUse operator -(CpuUse after, CpuUse before) => new(after.Azurite - before.Azurite, after.DevHost - before.DevHost);
}
