namespace ClustersCord.Domain.Registrations;

/// <summary>The registration form as submitted (JSON or HTML form), before validation.</summary>
public sealed record RegistrationForm
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Organisation { get; init; }
    public string? Country { get; init; }
    public string? Role { get; init; }
    public string? ClusterId { get; init; }
    public IReadOnlyList<string>? Sectors { get; init; }
    public bool? StudyVisit { get; init; }
    public string? Language { get; init; }
    public string? DietaryRequirements { get; init; }
    public bool? Consent { get; init; }
    /// <summary>Honeypot: hidden from people, filled by bots.</summary>
    public string? Website { get; init; }
    /// <summary>The invitation code an invited event requires (see <see cref="InvitationCode"/>).</summary>
    public string? InvitationCode { get; init; }
}
