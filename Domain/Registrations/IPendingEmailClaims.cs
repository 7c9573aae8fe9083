namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The sweep's mark on one <see cref="PendingEmail"/> it sent: a queue message for it that comes late finds it
/// done (the queue's own claims, many at once, are <see cref="IGatheredEmailClaims"/>).
/// </summary>
public interface IPendingEmailClaims
{
    /// <summary>Marks the email sent (or refused for good) on its own row: a later claim on it is refused.</summary>
    Task CompleteAsync(PendingEmail email, CancellationToken cancellationToken);
}
