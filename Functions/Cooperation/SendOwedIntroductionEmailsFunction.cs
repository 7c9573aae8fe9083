using ClustersCord.Domain.Cooperation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Cooperation;

/// <summary>
/// On the pending-email schedule: sends the introduction emails still owed after the grace (their queue
/// message never arrived, or its delivery failed every attempt), so an acknowledged introduction is never
/// left without its emails.
/// </summary>
public sealed partial class SendOwedIntroductionEmailsFunction(IntroductionService introductions, ILogger<SendOwedIntroductionEmailsFunction> logger)
{
    [Function("SendOwedIntroductionEmails")]
    public async Task Run([TimerTrigger("%Registrations:PendingEmailSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var served = await introductions.SweepAsync(cancellationToken);
        LogRun(timer.IsPastDue, served);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SendOwedIntroductionEmails (past due: {IsPastDue}): {Served} introductions served")]
    private partial void LogRun(bool isPastDue, int served);
}
