using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// An email a registration owes its person: the confirmation, the place on the waiting list, the
/// promotion, the manage link again. It is stored in the same transaction as the change that owes it (a
/// meeting change, kept in another table, stores it just before and proves at sending time that it committed:
/// <see cref="Meetings.MeetingEmailContent"/>) and forgotten once the provider accepted or refused it, so an
/// email that could not go out with the request (the provider down, the process stopped) is still there for
/// <see cref="PendingEmailService"/> to send later.
/// </summary>
/// <param name="Instance">
/// Tells apart emails of a kind a registration may owe more than once (the manage link again), so that
/// the record of one that went out never stands for a later one; null for the kinds owed once.
/// </param>
public sealed record PendingEmail(string RegistrationId, RegistrationEmailKind Kind, string? Instance = null)
{
    /// <summary>
    /// The record shared by the emails of one admission transaction, which holds this one among the others
    /// (an admission writes one such record for all it admits, not one per person); null for an email stored
    /// on a record of its own. Storage's name for it; each email of a batch is still claimed and forgotten on its own.
    /// </summary>
    public string? Batch { get; init; }

    /// <summary>
    /// How long a pending email is left to the request that owes it before the retry sends it; also how
    /// long a retry run's claim on it holds. Far longer than any request lives.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>Whether the registration (and the event) still stand as the email would tell its person.</summary>
    public bool IsStillDue(Registration registration, Programme.Event programmeEvent)
    {
        var eventCancelled = programmeEvent.Status == Programme.EventStatus.Cancelled;
        return registration.AnonymisedAt is null && Kind switch
        {
            // Once the event is cancelled, its cancellation notice tells every registrant instead (the seats
            // closed before it was owed, so nobody admitted is missed); "nothing has changed" is untrue then too.
            RegistrationEmailKind.Confirmed or RegistrationEmailKind.Promoted => registration.Status == RegistrationStatus.Confirmed && !eventCancelled,
            RegistrationEmailKind.Waitlisted => registration.Status == RegistrationStatus.Waitlisted && !eventCancelled,
            RegistrationEmailKind.LinkResent => registration.Status != RegistrationStatus.Cancelled && !eventCancelled,
            RegistrationEmailKind.Cancelled => registration.Status == RegistrationStatus.Cancelled,
            // A later change has its own notice; only the latest one tells the event as it is.
            RegistrationEmailKind.EventChanged => registration.IsActive && !eventCancelled && Sequence == programmeEvent.Sequence,
            // Of the cancellation saved: a try that lost to another save owed notices of a sequence never reached.
            RegistrationEmailKind.EventCancelled => registration.IsActive && eventCancelled && Sequence == programmeEvent.Sequence,
            RegistrationEmailKind.Message => registration.IsActive,
            // Meetings are for confirmed participants only: a cancelled registration's meeting emails are dropped.
            RegistrationEmailKind.MeetingRequested or RegistrationEmailKind.MeetingAccepted or RegistrationEmailKind.MeetingDeclined
                or RegistrationEmailKind.MeetingsChanged or RegistrationEmailKind.MeetingWithdrawn => registration.Status == RegistrationStatus.Confirmed,
            _ => false,
        };
    }

    /// <summary>
    /// The event read is older than the change that owes this email (a notice of sequence n, the event
    /// still at n − 1 in another instance's cache, or its save not yet done): not yet due, not dropped.
    /// </summary>
    public bool IsAhead(Programme.Event programmeEvent)
        => Kind is RegistrationEmailKind.EventChanged or RegistrationEmailKind.EventCancelled && Sequence > programmeEvent.Sequence;

    private int Sequence => int.TryParse(OriginalInstance, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : -1;

    /// <summary>Ends the instance of an email owed again after a refusal; what follows it tells the retry apart.</summary>
    public const char RetryMark = '~';

    /// <summary>The instance as the change that owed the email named it (a notice's sequence, a meeting request), without a retry's mark.</summary>
    public string? OriginalInstance => Instance is { } instance && instance.IndexOf(RetryMark, StringComparison.Ordinal) is var mark and >= 0 ? instance[..mark] : Instance;

    /// <summary>
    /// This email owed again after the refusal recorded at <paramref name="refusedAt"/>: a row of its own (the
    /// refused one stays marked done until the sweep forgets it), the same for every retry of that refusal (so
    /// two at once owe it once), and still naming what the original names.
    /// </summary>
    public PendingEmail Retry(DateTimeOffset refusedAt)
        => this with { Instance = OriginalInstance + RetryMark + refusedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static RegistrationEmailKind KindFor(RegistrationStatus admittedAs)
        => admittedAs == RegistrationStatus.Waitlisted ? RegistrationEmailKind.Waitlisted : RegistrationEmailKind.Confirmed;
}
