namespace ClustersCord.Domain.Catalogue;

/// <summary>Which cluster decision emails went out: each decision (a cluster and its review time) once.</summary>
public interface IDecisionEmailLedger
{
    /// <summary>Claims the decision's email; false when it was claimed (sent, or being sent) already.</summary>
    Task<bool> ClaimAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken);

    /// <summary>Whether the decision's email is claimed: sent, refused (and recorded), or being sent by a delivery now.</summary>
    Task<bool> IsClaimedAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken);

    /// <summary>Gives a claim up after a failed attempt, so the next attempt sends it.</summary>
    Task ReleaseAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken);
}
