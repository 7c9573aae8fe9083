using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Email;

/// <summary>
/// On the pending-email schedule: deletes the poison messages whose emails have all gone out since (or are
/// no longer owed). The undelivered list can show only the oldest 32 poison messages, so stale ones left
/// there would hide a newly failed email from the organisers.
/// </summary>
public sealed partial class PruneUndeliveredEmailsFunction(IUndeliveredEmails undelivered, ILogger<PruneUndeliveredEmailsFunction> logger)
{
    [Function("PruneUndeliveredEmails")]
    public async Task Run([TimerTrigger("%Registrations:PendingEmailSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var pruned = await undelivered.PruneAsync(cancellationToken);
        LogRun(timer.IsPastDue, pruned);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PruneUndeliveredEmails (past due: {IsPastDue}): {Pruned} poison messages no longer owed deleted")]
    private partial void LogRun(bool isPastDue, int pruned);
}
