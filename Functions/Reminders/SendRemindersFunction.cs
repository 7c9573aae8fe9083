using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Reminders;

/// <summary>Placeholder until the reminders issue: the schedule and trigger exist so both hosts agree on them.</summary>
public sealed partial class SendRemindersFunction(ILogger<SendRemindersFunction> logger)
{
    [Function("SendReminders")]
    public Task Run([TimerTrigger("%Reminders:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        LogRun(timer.IsPastDue);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SendReminders ran (past due: {IsPastDue})")]
    private partial void LogRun(bool isPastDue);
}
