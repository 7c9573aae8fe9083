using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Email;

/// <summary>
/// Hands an owed email to the delivery queue, so that no answer waits for the provider. A message names
/// what is owed by ids only; the delivery reads the rest from storage when it runs.
/// </summary>
public interface IEmailQueue
{
    /// <summary>
    /// Queues a registration email whose <see cref="PendingEmail"/> is already committed. Best effort,
    /// never throws, and may answer before the message is written (emails are gathered into one message
    /// for a moment): a message that never arrives is sent by the sweep after <see cref="PendingEmail.Grace"/>.
    /// </summary>
    /// <param name="waitlistPosition">The place a waiting-list registration got, told in its email (so the delivery need not count the list).</param>
    Task EnqueueAsync(PendingEmail email, int? waitlistPosition, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a cluster's decision email. Throws when it cannot: the caller's answer fails and the same
    /// decision made again queues it again (delivery sends each decision once).
    /// </summary>
    Task EnqueueDecisionAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken);
}

/// <summary>Thrown by a delivery that should be tried again later (the provider was not reachable or busy).</summary>
public sealed class EmailDeliveryDeferredException(string reason) : Exception(reason);
