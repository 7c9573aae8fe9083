using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public abstract record CheckInOutcome
{
    public sealed record NotFound : CheckInOutcome;
    /// <summary>The day named is not a day of the event.</summary>
    public sealed record NotAnEventDay(IReadOnlyList<DateOnly> Days) : CheckInOutcome;
    public sealed record NotConfirmed(Registration Registration) : CheckInOutcome;
    public sealed record CheckedIn(Registration Registration) : CheckInOutcome;
}

public abstract record WalkInOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : WalkInOutcome;
    public sealed record EventNotFound : WalkInOutcome;
    /// <summary>Nobody walks in to a cancelled event.</summary>
    public sealed record EventCancelled : WalkInOutcome;
    /// <summary>A new registration: confirmed if a seat was left, else on the waiting list.</summary>
    public sealed record Registered(Registration Registration, int? WaitlistPosition) : WalkInOutcome;
    /// <summary>The person was registered already (not cancelled): that registration, unchanged.</summary>
    public sealed record AlreadyRegistered(Registration Registration) : WalkInOutcome;
}

/// <summary>At the door: check-in per day, by id or by the QR code, and walk-ins.</summary>
public sealed partial class RegistrationService
{
    /// <summary>Stored as the consent text version of a registration an organiser entered at the door.</summary>
    public const string DoorConsentTextVersion = ConsentTextVersion + "/door";

    public CheckInCode CheckInCodes => new(links.Tokens);

    /// <param name="day">The day in the event's time zone; null for <see cref="EventDays.Default"/>.</param>
    public async Task<CheckInOutcome> CheckInAsync(string eventId, string registrationId, DateOnly? day, CancellationToken cancellationToken)
        => await ChangeCheckInAsync(eventId, registrationId, day, undo: false, cancellationToken);

    /// <summary>Undoes a mistaken check-in on a day; a day not checked in on is already undone.</summary>
    public async Task<CheckInOutcome> UndoCheckInAsync(string eventId, string registrationId, DateOnly? day, CancellationToken cancellationToken)
        => await ChangeCheckInAsync(eventId, registrationId, day, undo: true, cancellationToken);

    /// <summary>Checks in the registration a <see cref="CheckInCode"/> stands for; not found unless it is one of this event's.</summary>
    public async Task<CheckInOutcome> CheckInByCodeAsync(string eventId, string? code, DateOnly? day, CancellationToken cancellationToken)
        => CheckInCodes.RegistrationIdOf(code) is { } registrationId
            ? await ChangeCheckInAsync(eventId, registrationId, day, undo: false, cancellationToken)
            : new CheckInOutcome.NotFound();

    private async Task<CheckInOutcome> ChangeCheckInAsync(string eventId, string registrationId, DateOnly? day, bool undo, CancellationToken cancellationToken)
    {
        var programmeEvent = RegistrationIds.EventIdOf(registrationId) == eventId ? await events.GetAsync(eventId, cancellationToken) : null;
        var registration = programmeEvent is null ? null : await registrations.GetAsync(registrationId, cancellationToken);
        if (programmeEvent is null || registration is null || registration.AnonymisedAt is not null)
        {
            return new CheckInOutcome.NotFound();
        }
        var now = time.GetUtcNow();
        var days = EventDays.Of(programmeEvent);
        var chosen = day ?? EventDays.Default(programmeEvent, now);
        if (chosen is not { } checkInDay || !days.Contains(checkInDay))
        {
            return new CheckInOutcome.NotAnEventDay(days);
        }
        if (!undo && registration.Status != RegistrationStatus.Confirmed)
        {
            return new CheckInOutcome.NotConfirmed(registration);
        }
        var changed = await registrations.ChangeCheckInAsync(registrationId,
            r => undo ? r.UndoCheckIn(checkInDay) : r.Status == RegistrationStatus.Confirmed ? r.CheckIn(checkInDay, now) : r,
            cancellationToken);
        return changed switch
        {
            null => new CheckInOutcome.NotFound(),
            { Status: not RegistrationStatus.Confirmed } when !undo => new CheckInOutcome.NotConfirmed(changed),
            _ => new CheckInOutcome.CheckedIn(changed),
        };
    }

    /// <summary>
    /// A person an organiser registers at the door: the registration form's rules, with consent given
    /// there (recorded with <see cref="DoorConsentTextVersion"/>), no invitation code and no registration
    /// window, through the same admission as everyone (a seat if one is left, else the waiting list; the
    /// same person once). The usual confirmation or waiting-list email follows.
    /// </summary>
    public async Task<WalkInOutcome> WalkInAsync(string eventId, RegistrationForm form, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var person = RegistrationFormValidator.Validate(form with { Consent = true, Website = null }, errors);
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (programmeEvent is null)
        {
            return new WalkInOutcome.EventNotFound();
        }
        if (programmeEvent.Status == EventStatus.Cancelled)
        {
            return new WalkInOutcome.EventCancelled();
        }
        if (person is null || !errors.IsEmpty)
        {
            return new WalkInOutcome.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var id = RegistrationIds.New(eventId);
        var candidate = new Registration
        {
            Id = id,
            EventId = eventId,
            Person = person,
            EmailKey = EmailAddress.Normalize(person.Email),
            Status = RegistrationStatus.Confirmed,
            RegisteredAt = now,
            ConsentedAt = now,
            ConsentTextVersion = DoorConsentTextVersion,
            TokenHash = ManageToken.Hash(links.Token(id)),
        };
        var admission = await registrations.AdmitAsync(candidate, cancellationToken);
        if (admission is null)
        {
            return new WalkInOutcome.EventCancelled(); // since it was read: the seats are closed
        }
        if (!admission.Created)
        {
            return new WalkInOutcome.AlreadyRegistered(admission.Registration);
        }
        await notifier.AdmittedAsync(admission, cancellationToken);
        return new WalkInOutcome.Registered(admission.Registration, admission.WaitlistPosition);
    }

    /// <summary>The organisers' counts of an event; null for an unknown event.</summary>
    public async Task<EventSummary?> SummaryAsync(string eventId, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (programmeEvent is null)
        {
            return null;
        }
        var all = new List<Registration>();
        await foreach (var registration in registrations.AllAsync(eventId, cancellationToken))
        {
            all.Add(registration);
        }
        return EventSummary.Of(programmeEvent, all);
    }
}
