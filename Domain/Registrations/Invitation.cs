namespace ClustersCord.Domain.Registrations;

/// <summary>
/// An organiser's invitation to an invited event: for one person (bound to their email address) or for
/// an organisation (several people, up to <see cref="MaxUses"/>). Only the code's hash is kept.
/// </summary>
public sealed record Invitation
{
    public required string Id { get; init; }
    public required string EventId { get; init; }
    /// <summary>The invited person's address as the organiser typed it; null for an organisation's code.</summary>
    public string? Email { get; init; }
    /// <summary><see cref="EmailAddress.Normalize"/> of <see cref="Email"/>: what a registration must match.</summary>
    public string? EmailKey { get; init; }
    public string? Organisation { get; init; }
    /// <summary>How many registrations the code admits in all; null for no limit.</summary>
    public int? MaxUses { get; init; }
    public int Uses { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public required string CodeHash { get; init; }

    public bool IsUsable => RevokedAt is null && (MaxUses is not { } max || Uses < max);

    /// <summary>Whether this invitation lets the person with <paramref name="email"/> register now.</summary>
    public bool Admits(string? email)
        => IsUsable && (EmailKey is null || (email is not null && EmailAddress.Normalize(email) == EmailKey));
}
