using ClustersCord.Domain.Registrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// Every 5 minutes (UTC): sends the confirmation, waiting-list and promotion emails that could not go out
/// with their request (the provider down past the retries, or the process stopped after the commit).
/// </summary>
public sealed partial class SendPendingEmailsFunction(PendingEmailService pendingEmails, ILogger<SendPendingEmailsFunction> logger)
{
    [Function("SendPendingEmails")]
    public async Task Run([TimerTrigger("%Registrations:PendingEmailSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await pendingEmails.SendDueAsync(cancellationToken);
        LogRun(timer.IsPastDue, report.Sent, report.Dropped, report.Failed);
        foreach (var problem in report.Problems)
        {
            LogProblem(problem.Where, problem.ErrorType);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SendPendingEmails passed over {RecordId} after {ErrorType}; a later run tries again")]
    private partial void LogProblem(string recordId, string errorType);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "SendPendingEmails (past due: {IsPastDue}): {Sent} sent, {Dropped} no longer due, {Failed} to retry")]
    private partial void LogRun(bool isPastDue, int sent, int dropped, int failed);
}
