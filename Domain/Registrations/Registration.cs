using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// A person's place at an event: confirmed, on the waiting list (in the order of its ticket), or
/// cancelled. The id carries the event's id, so a registration is found with one point read.
/// </summary>
public sealed record Registration
{
    public required string Id { get; init; }
    public required string EventId { get; init; }
    public required PersonDetails Person { get; init; }
    /// <summary>The email as compared for duplicates (<see cref="EmailAddress.Normalize"/>).</summary>
    public required string EmailKey { get; init; }
    public required RegistrationStatus Status { get; init; }
    /// <summary>Order on the waiting list: smaller tickets are promoted first.</summary>
    public long? WaitlistTicket { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    /// <summary>When the person got a seat: at registration or on promotion.</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    /// <summary>The first check-in (kept for readers from before check-in per day).</summary>
    public DateTimeOffset? CheckedInAt { get; init; }
    /// <summary>The days (in the event's time zone) the person was checked in on, in order.</summary>
    public IReadOnlyList<DateOnly> CheckedInDays { get; init; } = [];
    public required DateTimeOffset ConsentedAt { get; init; }
    public required string ConsentTextVersion { get; init; }
    /// <summary>SHA-256 of the manage token; the token itself is never stored.</summary>
    public required string TokenHash { get; init; }
    public DateTimeOffset? AnonymisedAt { get; init; }
    /// <summary>The registrant asked for no more reminders for this event (one-click unsubscribe).</summary>
    public bool RemindersStopped { get; init; }

    public bool IsActive => Status != RegistrationStatus.Cancelled;

    public Registration Confirm(DateTimeOffset now) => this with { Status = RegistrationStatus.Confirmed, WaitlistTicket = null, ConfirmedAt = now };

    public Registration Cancel(DateTimeOffset now) => this with { Status = RegistrationStatus.Cancelled, WaitlistTicket = null, CancelledAt = now };

    /// <summary>Checked in on <paramref name="day"/> too; the same registration when it already was (idempotent).</summary>
    public Registration CheckIn(DateOnly day, DateTimeOffset now)
        => CheckedInDays.Contains(day)
            ? this
            : this with { CheckedInAt = CheckedInAt ?? now, CheckedInDays = [.. CheckedInDays.Append(day).Order()] };

    /// <summary>
    /// A mistaken check-in on <paramref name="day"/> undone; with no day left, not checked in at all.
    /// <see cref="CheckedInAt"/> otherwise stays the first check-in.
    /// </summary>
    public Registration UndoCheckIn(DateOnly day)
    {
        if (!CheckedInDays.Contains(day))
        {
            return this;
        }
        var days = CheckedInDays.Where(d => d != day).ToArray();
        return this with { CheckedInDays = days, CheckedInAt = days.Length == 0 ? null : CheckedInAt };
    }

    /// <summary>
    /// Keeps what statistics need (status, dates, country, role, sectors, language) and drops who it was:
    /// every field a person typed, and the token hash that tied the record to their link.
    /// </summary>
    public Registration Anonymise(DateTimeOffset now) => this with
    {
        Person = Person with
        {
            FirstName = "",
            LastName = "",
            Email = "",
            Organisation = "",
            ClusterId = null,
            DietaryRequirements = null,
        },
        EmailKey = "",
        TokenHash = "",
        AnonymisedAt = now,
    };
}

/// <summary>What a person tells about themselves on the registration form, validated.</summary>
public sealed record PersonDetails
{
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public required string Organisation { get; init; }
    public required string Country { get; init; }
    public required ParticipantRole Role { get; init; }
    public string? ClusterId { get; init; }
    public IReadOnlyList<Sector> Sectors { get; init; } = [];
    public bool StudyVisit { get; init; }
    public string Language { get; init; } = Common.Language.Default;
    public string? DietaryRequirements { get; init; }

    public string FullName => $"{FirstName} {LastName}".Trim();
}
