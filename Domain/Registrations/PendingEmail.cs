using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// An email a registration owes its person: the confirmation, the place on the waiting list, the
/// promotion, the manage link again. It is stored in the same transaction as the change that owes it and forgotten once the
/// provider accepted or refused it, so an email that could not go out with the request (the provider
/// down, the process stopped) is still there for <see cref="PendingEmailService"/> to send later.
/// </summary>
/// <param name="Instance">
/// Tells apart emails of a kind a registration may owe more than once (the manage link again), so that
/// the record of one that went out never stands for a later one; null for the kinds owed once.
/// </param>
public sealed record PendingEmail(string RegistrationId, RegistrationEmailKind Kind, string? Instance = null)
{
    /// <summary>
    /// How long a pending email is left to the request that owes it before the retry sends it; also how
    /// long a retry run's claim on it holds. Far longer than any request lives.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>Whether the registration still stands as the email would tell its person.</summary>
    public bool IsStillDue(Registration registration) => registration.AnonymisedAt is null && Kind switch
    {
        RegistrationEmailKind.Confirmed or RegistrationEmailKind.Promoted => registration.Status == RegistrationStatus.Confirmed,
        RegistrationEmailKind.Waitlisted => registration.Status == RegistrationStatus.Waitlisted,
        RegistrationEmailKind.LinkResent => registration.Status != RegistrationStatus.Cancelled,
        _ => false,
    };

    public static RegistrationEmailKind KindFor(RegistrationStatus admittedAs)
        => admittedAs == RegistrationStatus.Waitlisted ? RegistrationEmailKind.Waitlisted : RegistrationEmailKind.Confirmed;
}
