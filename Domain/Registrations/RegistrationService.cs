using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public abstract record RegisterOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : RegisterOutcome;
    public sealed record EventNotFound : RegisterOutcome;
    public sealed record Closed(Event Event) : RegisterOutcome;
    /// <summary>The honeypot was filled: answer like a success, keep and send nothing.</summary>
    public sealed record Ignored : RegisterOutcome;
    public sealed record Registered(Registration Registration, int? WaitlistPosition) : RegisterOutcome;
    /// <summary>
    /// The same person is already registered (not cancelled): the caller learns only that. Knowing an
    /// address must open nothing, so the manage link goes again to that address, never to the caller.
    /// </summary>
    public sealed record AlreadyRegistered : RegisterOutcome;
}

/// <summary>A registrant's view: their registration, the event, their place on the waiting list.</summary>
public sealed record RegistrantView(Registration Registration, Event Event, int? WaitlistPosition);

/// <summary>Registering, and what registrants and organisers do with a registration afterwards.</summary>
public sealed partial class RegistrationService(
    IEventStore events,
    IRegistrationStore registrations,
    RegistrationNotifier notifier,
    RegistrationLinks links,
    TimeProvider time,
    InvitationService invitations,
    IEnumerable<IRegistrationCancellationFollowUp> followUps,
    CalendarOrganiser organiser)
{
    /// <summary>The version of the consent text people agree to on the form; stored with each consent.</summary>
    public const string ConsentTextVersion = "2026-11";

    /// <summary>At most one email with the manage link again per registration in this time.</summary>
    public static readonly TimeSpan LinkResendInterval = TimeSpan.FromMinutes(10);

    /// <param name="errors">
    /// Problems already found while reading the form (a field of the wrong type); the form's rules add
    /// theirs, and any problem at all means nothing is stored.
    /// </param>
    public async Task<RegisterOutcome> RegisterAsync(string eventId, RegistrationForm form, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var person = RegistrationFormValidator.Validate(form, errors);
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        // A draft is not in the programme: registering for it answers as for an unknown event.
        if (programmeEvent is null || !programmeEvent.IsPublic)
        {
            return new RegisterOutcome.EventNotFound();
        }
        // Before anything else is told (honeypot, validation, closed): without a good code an invited
        // event answers exactly as an unknown one.
        Invitation? invitation = null;
        if (programmeEvent.Audience == EventAudience.Invited
            && (invitation = await invitations.CheckAsync(eventId, form.InvitationCode, form.Email, cancellationToken)) is null)
        {
            return new RegisterOutcome.EventNotFound();
        }
        if (!string.IsNullOrEmpty(form.Website))
        {
            return new RegisterOutcome.Ignored();
        }
        if (person is null || !errors.IsEmpty)
        {
            return new RegisterOutcome.Invalid(errors);
        }
        var now = time.GetUtcNow();
        if (!programmeEvent.IsRegistrationOpen(now))
        {
            return new RegisterOutcome.Closed(programmeEvent);
        }
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
            ConsentTextVersion = ConsentTextVersion,
            TokenHash = ManageToken.Hash(links.Token(id)),
        };
        // The person's index row comes with the registration, in its transaction (see IRegistrationStore).
        var admission = invitation is null
            ? await registrations.AdmitAsync(candidate, cancellationToken)
            : await invitations.AdmitAsync(candidate, invitation, cancellationToken);
        if (admission is null)
        {
            // The event was cancelled since it was read, or the code was revoked or used up by others
            // between the check and the transaction.
            return (await registrations.GetCapacityAsync(eventId, cancellationToken))?.Closed == true
                ? new RegisterOutcome.Closed(programmeEvent)
                : new RegisterOutcome.EventNotFound();
        }
        if (!admission.Created)
        {
            await ResendLinkAsync(admission.Registration, now, cancellationToken);
            return new RegisterOutcome.AlreadyRegistered();
        }
        // The pending email is committed with the admission; queued here, sent by the delivery.
        await notifier.AdmittedAsync(admission, cancellationToken);
        return new RegisterOutcome.Registered(admission.Registration, admission.WaitlistPosition);
    }

    /// <summary>
    /// Emails the existing registration's manage link to its own address, at most once per
    /// <see cref="LinkResendInterval"/> across instances; stored as a pending email first and queued, so
    /// the answer does not wait for the provider and an outage delays the email but does not lose it.
    /// </summary>
    private async Task ResendLinkAsync(Registration existing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await registrations.ClaimLinkResendAsync(existing, now, LinkResendInterval, cancellationToken) is { } email)
        {
            await notifier.OwedAsync(email, cancellationToken);
        }
    }

    /// <summary>The registration behind a manage link; null for an unknown id and for a wrong token alike.</summary>
    public async Task<RegistrantView?> GetAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var registration = await FindAsync(registrationId, token, cancellationToken);
        if (registration is null)
        {
            return null;
        }
        var programmeEvent = await events.GetAsync(registration.EventId, cancellationToken);
        if (programmeEvent is null)
        {
            return null;
        }
        return new RegistrantView(registration, programmeEvent, await registrations.WaitlistPositionAsync(registration, cancellationToken));
    }

    /// <summary>The registrant cancels; false when the link does not open a registration.</summary>
    public async Task<bool> CancelAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var registration = await FindAsync(registrationId, token, cancellationToken);
        if (registration is null)
        {
            return false;
        }
        await CancelAndPromoteAsync(registration.Id, cancellationToken);
        return true;
    }

    /// <summary>An organiser cancels a registration of an event.</summary>
    public async Task<Registration?> CancelByOrganiserAsync(string eventId, string registrationId, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) != eventId)
        {
            return null;
        }
        return (await CancelAndPromoteAsync(registrationId, cancellationToken))?.Registration;
    }

    /// <summary>Whether an unsubscribe link (its own token, not the manage token) stands for a registration.</summary>
    public async Task<bool> IsUnsubscribeLinkAsync(string registrationId, string? unsubscribeToken, CancellationToken cancellationToken)
        => await FindByUnsubscribeTokenAsync(registrationId, unsubscribeToken, cancellationToken) is not null;

    /// <summary>
    /// One-click unsubscribe from this event's reminders, with the unsubscribe token (the manage token
    /// does not work here, nor this one anywhere else); false when the link does not stand for a registration.
    /// </summary>
    public async Task<bool> StopRemindersAsync(string registrationId, string? unsubscribeToken, CancellationToken cancellationToken)
    {
        var registration = await FindByUnsubscribeTokenAsync(registrationId, unsubscribeToken, cancellationToken);
        if (registration is null)
        {
            return false;
        }
        if (!registration.RemindersStopped)
        {
            await registrations.UpdateAsync(registration with { RemindersStopped = true }, cancellationToken);
        }
        return true;
    }

    /// <summary>The calendar file of a registrant's event; null while the event has only a month.</summary>
    public string? Calendar(RegistrantView view)
        => EventCalendar.Create(view.Event, view.Registration.Person.Language, links.Manage(view.Registration.Id), time.GetUtcNow(), organiser,
            registrationCancelled: view.Registration.Status == RegistrationStatus.Cancelled);

    /// <param name="tellOthers">
    /// Whether the person (their cancellation email) and the follow-ups (the meetings' other sides) are told;
    /// not for an erasure, whose notices would name the person being erased (their meetings leave the next
    /// schedule run's agendas without a name), and whose person asked to be forgotten, not told: the
    /// cancellation's pending email is not queued, and the anonymisation right after deletes it.
    /// </param>
    internal async Task<Cancellation?> CancelAndPromoteAsync(string registrationId, CancellationToken cancellationToken, bool tellOthers = true)
    {
        var owed = new List<PendingEmail>();
        foreach (var followUp in tellOthers ? followUps : [])
        {
            owed.AddRange(await followUp.OweBeforeCancellingAsync(registrationId, cancellationToken));
        }
        var cancellation = await registrations.CancelAsync(registrationId, time.GetUtcNow(), cancellationToken);
        if (tellOthers && cancellation is { Changed: true } && cancellation.Registration.EmailKey.Length > 0)
        {
            await notifier.OwedAsync(new PendingEmail(registrationId, Email.RegistrationEmailKind.Cancelled), cancellationToken);
        }
        if (cancellation is { Promoted.Count: > 0 })
        {
            var programmeEvent = await events.GetAsync(cancellation.Registration.EventId, cancellationToken);
            foreach (var promoted in cancellation.Promoted)
            {
                if (programmeEvent is not null)
                {
                    await notifier.PromotedAsync(programmeEvent, promoted, cancellationToken);
                }
            }
        }
        if (cancellation is { Changed: true })
        {
            await Task.WhenAll(owed.Select(e => notifier.OwedAsync(e, cancellationToken)));
        }
        return cancellation;
    }

    private async Task<Registration?> FindAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is null || string.IsNullOrEmpty(token))
        {
            return null;
        }
        var registration = await registrations.GetAsync(registrationId, cancellationToken);
        return registration is not null && registration.AnonymisedAt is null && ManageToken.Matches(token, registration.TokenHash)
            ? registration
            : null;
    }

    private async Task<Registration?> FindByUnsubscribeTokenAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is null || !links.IsUnsubscribeToken(registrationId, token))
        {
            return null;
        }
        var registration = await registrations.GetAsync(registrationId, cancellationToken);
        return registration is { AnonymisedAt: null } ? registration : null;
    }
}
