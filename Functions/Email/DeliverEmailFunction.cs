using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Registrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Delivers the owed emails one delivery queue message names (see <see cref="PendingEmailService.DeliverGatheredAsync"/>). A failure throws, so the host tries the message
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
        // The emails of a gathered message are claimed, sent and marked together (per event); should the
        // provider not take some, the message fails after the others are marked, and its retry finds them
        // done and sends only what is still owed.
        var outcomes = await pendingEmails.DeliverGatheredAsync(emails.Select(e => (e.PendingEmail!, e.WaitlistPosition)).ToList(), cancellationToken);
        foreach (var counted in outcomes.GroupBy(o => (o.Email.Kind, o.Outcome)))
        {
            LogDeliveredMany(counted.Key.Kind.ToString(), counted.Key.Outcome.ToString(), counted.Count());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} emails: {Outcome} × {Count}")]
    private partial void LogDeliveredMany(string kind, string outcome, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Kind} email: {Outcome}")]
    private partial void LogDelivered(string kind, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery queue message of no known shape was dropped")]
    private partial void LogMalformed();
}
