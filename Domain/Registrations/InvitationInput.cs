namespace ClustersCord.Domain.Registrations;

/// <summary>An organiser's request for an invitation code (<c>POST /api/manage/events/{id}/invitations</c>).</summary>
public sealed record InvitationInput
{
    /// <summary>The one person the code is for; registrations with another address are refused.</summary>
    public string? Email { get; init; }
    /// <summary>The organisation a shared code is for (a label for the organisers).</summary>
    public string? Organisation { get; init; }
    public int? MaxUses { get; init; }
}
