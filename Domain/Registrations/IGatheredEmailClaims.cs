namespace ClustersCord.Domain.Registrations;

/// <summary>
/// A queued delivery's claims on the pending-email rows of one gathered queue message, all at once: they
/// belong to one event, whose pending-email rows share a partition, so the stamps and marks of many emails
/// go in one write (an entity-group transaction) instead of one write each. Of two deliveries at once only
/// one claims an email, and a sent one is never claimed again.
/// </summary>
public interface IGatheredEmailClaims
{
    /// <summary>
    /// Claims those of <paramref name="emails"/> (all of event <paramref name="eventId"/>) still owed and not
    /// held by another delivery; the ones returned are this delivery's, the others are not owed to it.
    /// </summary>
    Task<IReadOnlyList<PendingEmail>> ClaimAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks claimed emails sent, refused or dropped for good: a later claim on any of them is refused.</summary>
    Task CompleteAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives up claims after a failed attempt, so that the next attempt may take them at once.</summary>
    Task ReleaseAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, CancellationToken cancellationToken);
}
