namespace ClustersCord.DevHost.Queues;

/// <summary>
/// Polls the queue-triggered functions' queues every second, as the Functions host's queue listener does
/// (its back-off is longer when idle). <c>DevHost:RunQueues</c> false turns it off; tests drain explicitly.
/// </summary>
public sealed partial class QueuePoller(QueueRunner runner, IConfiguration configuration, ILogger<QueuePoller> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("DevHost:RunQueues", true))
        {
            return;
        }
        // As the Functions host refuses a trigger whose %setting% has no value: fail at start, not on every poll.
        runner.CheckQueueSettings();
        // The wall clock on purpose: polling is the host's machinery, not the app's time.
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await runner.DrainAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogPollFailed(ClustersCord.Functions.Http.LoggedException.Describe(e));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the queues failed; trying again: {Exception}")]
    private partial void LogPollFailed(string exception);
}
