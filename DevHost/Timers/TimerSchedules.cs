using System.Text.RegularExpressions;
using NCrontab;

namespace ClustersCord.DevHost.Timers;

/// <summary>Timer schedules: six-field NCrontab expressions, <c>%Name%</c> taken from configuration as on the host.</summary>
public static partial class TimerSchedules
{
    public static CrontabSchedule Resolve(string schedule, IConfiguration configuration)
    {
        var resolved = SettingReference().Replace(schedule, m =>
            configuration[m.Groups[1].Value] ?? throw new InvalidOperationException($"Timer schedule setting '{m.Groups[1].Value}' is not configured."));
        return CrontabSchedule.Parse(resolved, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    }

    [GeneratedRegex("^%([^%]+)%$")]
    private static partial Regex SettingReference();
}
