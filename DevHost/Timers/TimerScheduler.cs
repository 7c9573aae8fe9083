using ClustersCord.DevHost.Functions;

namespace ClustersCord.DevHost.Timers;

/// <summary>
/// Runs each timer function on its schedule (UTC, as on Linux and Flex Consumption). Runs of one timer
/// never overlap, as the host's singleton lock ensures; a run still going when the next is due is
/// followed at once by a run marked past due.
/// </summary>
public sealed partial class TimerScheduler(
    FunctionCatalog catalog,
    TimerRunner runner,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("DevHost:RunTimers", true))
        {
            return Task.CompletedTask;
        }
        return Task.WhenAll(catalog.Timers.Select(t => RunScheduleAsync(t, stoppingToken)));
    }

    private async Task RunScheduleAsync(TimerFunction function, CancellationToken stoppingToken)
    {
        var schedule = TimerSchedules.Resolve(function.Schedule, configuration);
        if (function.RunOnStartup)
        {
            await RunOnceAsync(function, isPastDue: false, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            LogNext(function.Name, next);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var isPastDue = time.GetUtcNow().UtcDateTime - next > TimeSpan.FromSeconds(1);
            await RunOnceAsync(function, isPastDue, stoppingToken);
        }
    }

    private async Task RunOnceAsync(TimerFunction function, bool isPastDue, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(function, isPastDue, stoppingToken);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Logged by the runner; the schedule goes on, as on the Functions host.
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer {FunctionName} next runs at {NextRun:o}")]
    private partial void LogNext(string functionName, DateTime nextRun);
}
