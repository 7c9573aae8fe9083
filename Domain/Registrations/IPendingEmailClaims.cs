namespace ClustersCord.Domain.Registrations;

/// <summary>
/// One queued delivery's hold on one <see cref="PendingEmail"/>, so that a message delivered twice, or
/// twice at once, sends the email once.
/// </summary>
public interface IPendingEmailClaims
{
    /// <summary>
    /// Claims the email for one delivery: false when it is no longer owed (sent, dropped, erased) or when
    /// another delivery holds it. A claim also keeps the sweep away for <see cref="PendingEmail.Grace"/>.
    /// </summary>
    Task<bool> ClaimAsync(PendingEmail email, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the email sent (or refused for good) on its own row: a later claim on it is refused.</summary>
    Task CompleteAsync(PendingEmail email, CancellationToken cancellationToken);

    /// <summary>Gives the claim up after a failed attempt, so that the next attempt may take it at once.</summary>
    Task ReleaseAsync(PendingEmail email, CancellationToken cancellationToken);
}
