using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Registrations;

/// <summary>An invitation as organisers list it: who, how often used, since when, revoked or not; never the code.</summary>
public sealed record InvitationRecord(
    string Id,
    string EventId,
    string? Email,
    string? Organisation,
    int? MaxUses,
    int Uses,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public static InvitationRecord From(Invitation i) => new(i.Id, i.EventId, i.Email, i.Organisation, i.MaxUses, i.Uses, i.CreatedAt, i.RevokedAt);
}

/// <summary>The answer to issuing an invitation: the record and, this once, the code.</summary>
public sealed record IssuedInvitation(
    string Id,
    string EventId,
    string? Email,
    string? Organisation,
    int? MaxUses,
    int Uses,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    string Code)
{
    public static IssuedInvitation From(Invitation i, string code) => new(i.Id, i.EventId, i.Email, i.Organisation, i.MaxUses, i.Uses, i.CreatedAt, i.RevokedAt, code);
}

public sealed record InvitationList(IReadOnlyList<InvitationRecord> Items);
