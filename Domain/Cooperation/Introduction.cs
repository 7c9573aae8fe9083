using ClustersCord.Domain.Catalogue;

namespace ClustersCord.Domain.Cooperation;

public enum IntroductionState
{
    Pending,
    Accepted,
    Declined,
}

/// <summary>
/// One cluster's request to be introduced to another. The two contacts learn each other's name and email
/// only on acceptance: then both are copied here (<see cref="AskerContact"/>, <see cref="InvitedContact"/>),
/// so each side keeps what it was given even when a profile changes later, and erasure can find them.
/// </summary>
public sealed record Introduction
{
    public required string Id { get; init; }
    /// <summary>The asking cluster.</summary>
    public required string FromClusterId { get; init; }
    /// <summary>The invited cluster, whose contact accepts or declines.</summary>
    public required string ToClusterId { get; init; }
    /// <summary>What the asking contact wrote; empty once erased.</summary>
    public required string Message { get; init; }
    /// <summary>The SHA-256 of the asking contact's normalised address at the time of asking (for erasure); never the address.</summary>
    public required string SenderKey { get; init; }
    public required IntroductionState State { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public ClusterContact? AskerContact { get; init; }
    public ClusterContact? InvitedContact { get; init; }
    /// <summary>The invited contact's email about the request is still owed.</summary>
    public bool RequestEmailOwed { get; init; }
    /// <summary>The asking contact's email with the invited contact's details is still owed.</summary>
    public bool AskerEmailOwed { get; init; }
    /// <summary>The invited contact's email with the asking contact's details is still owed.</summary>
    public bool InvitedEmailOwed { get; init; }
    /// <summary>A delivery is sending the owed emails until then (another waits, so none is sent twice); null when none is.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    public bool Involves(string clusterId) => FromClusterId == clusterId || ToClusterId == clusterId;

    public bool OwesEmail => RequestEmailOwed || AskerEmailOwed || InvitedEmailOwed;
}

/// <summary>A stored record with the version it was read at (the storage ETag), for a write that must not overwrite another.</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>The recent requests of one asking cluster (its rate limit), with the version they were read at; null when none was stored yet.</summary>
public sealed record IntroductionQuota(IReadOnlyList<DateTimeOffset> RequestedAt, string? ETag);

/// <summary>Where introductions are kept.</summary>
public interface IIntroductionStore
{
    Task<IntroductionQuota> QuotaAsync(string clusterId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the introduction and replaces the asking cluster's quota in one transaction, provided the quota is
    /// still as read (<see cref="IntroductionQuota.ETag"/>); false when another request changed it first.
    /// </summary>
    Task<bool> TryAddAsync(Introduction introduction, IReadOnlyList<DateTimeOffset> quota, string? quotaETag, CancellationToken cancellationToken);

    Task<Versioned<Introduction>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the introduction provided it is still as read; false when it changed meanwhile.</summary>
    Task<bool> TryReplaceAsync(Introduction introduction, string etag, CancellationToken cancellationToken);

    /// <summary>Every introduction the cluster asked for or was invited to.</summary>
    Task<IReadOnlyList<Introduction>> OfClusterAsync(string clusterId, CancellationToken cancellationToken);

    /// <summary>Every introduction (the sweep of owed emails, erasure).</summary>
    Task<IReadOnlyList<Versioned<Introduction>>> AllAsync(CancellationToken cancellationToken);
}

/// <summary>Hands an owed introduction email to the delivery queue (ids only); throws when it cannot (the sweep sends it later).</summary>
public interface ICooperationEmailQueue
{
    Task EnqueueIntroductionAsync(string introductionId, CancellationToken cancellationToken);
}

/// <summary>The rules of asking for introductions (configurable; validated at start).</summary>
public sealed record IntroductionRules(int RequestsPerWindow, TimeSpan Window, TimeSpan DeclinedPause, TimeSpan EmailGrace);
