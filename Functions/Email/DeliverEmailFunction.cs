using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Registrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Delivers one owed email from the delivery queue. A failure throws, so the host tries the message
/// again and, after <c>maxDequeueCount</c> attempts (host.json), moves it to the poison queue; the pending
/// email stays owed and the sweep (SendPendingEmails) sends it later.
/// </summary>
public sealed partial class DeliverEmailFunction(
    PendingEmailService pendingEmails,
    CatalogueService catalogue,
    Domain.Cooperation.IntroductionService introductions,
    ILogger<DeliverEmailFunction> logger)
{
    public const string Name = "DeliverEmail";

    [Function(Name)]
    public async Task Run([QueueTrigger("%Email:QueueName%")] string message, CancellationToken cancellationToken)
    {
        var parsed = EmailQueueMessage.Parse(message);
        if (parsed is { ClusterId: { Length: > 0 } clusterId, ReviewedAt: { } reviewedAt })
        {
            var sent = await catalogue.DeliverDecisionAsync(clusterId, reviewedAt, cancellationToken);
            LogDelivered("ClusterDecision", sent ? nameof(PendingEmailOutcome.Sent) : nameof(PendingEmailOutcome.NotOwed));
            return;
        }
        if (parsed is { IntroductionId: { Length: > 0 } introductionId })
        {
            var served = await introductions.DeliverAsync(introductionId, cancellationToken);
            LogDelivered("Introduction", served ? nameof(PendingEmailOutcome.Sent) : nameof(PendingEmailOutcome.NotOwed));
            return;
        }
        var emails = parsed?.RegistrationEmails.Where(e => e.PendingEmail is not null).ToList() ?? [];
        if (emails.Count == 0)
        {
            // Not ours, and no retry makes it ours: dropped with a line, not poisoned five times.
            LogMalformed();
            return;
        }
        // Every email of a gathered message is tried; one that failed makes the whole message fail, and
        // its retry finds the others done (each is marked sent on its own row) and sends only what is owed.
        Exception? failure = null;
        foreach (var email in emails)
        {
            try
            {
                var outcome = await pendingEmails.DeliverAsync(email.PendingEmail!, email.WaitlistPosition, cancellationToken);
                LogDelivered(email.PendingEmail!.Kind.ToString(), outcome.ToString());
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failure ??= e;
            }
        }
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} email: {Outcome}")]
    private partial void LogDelivered(string kind, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery queue message of no known shape was dropped")]
    private partial void LogMalformed();
}
