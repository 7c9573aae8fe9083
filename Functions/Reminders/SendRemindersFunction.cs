using ClustersCord.Domain.Reminders;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Reminders;

/// <summary>Every 15 minutes (UTC): sends each due forum reminder exactly once.</summary>
public sealed partial class SendRemindersFunction(ReminderService reminders, ILogger<SendRemindersFunction> logger)
{
    [Function("SendReminders")]
    public async Task Run([TimerTrigger("%Reminders:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await reminders.RunAsync(cancellationToken);
        LogRun(timer.IsPastDue, report.Events, report.Sent, report.Failed, report.Refused, report.Skipped);
        foreach (var problem in report.Problems)
        {
            LogProblem(problem.Where, problem.ErrorType);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SendReminders passed over event {EventId} after {ErrorType}; a later run tries again")]
    private partial void LogProblem(string eventId, string errorType);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "SendReminders (past due: {IsPastDue}): {Events} events, {Sent} sent, {Failed} to retry, {Refused} refused, {Skipped} skipped")]
    private partial void LogRun(bool isPastDue, int events, int sent, int failed, int refused, int skipped);
}
