using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// What a meeting email tells beyond the event: the other person (and, in a request, their message) and the
/// recipient's agenda as it stands when the email is sent.
/// </summary>
public sealed record MeetingEmailDetails(ParticipantSummary? With, string? Message, IReadOnlyList<AgendaItem>? Agenda);

/// <summary>
/// Reads, when a meeting email goes out, what it is to say and whether it is still due. A meeting change owes
/// its email before the change is written (the two live in different tables), so the email is sent only while
/// the request stands as the email would say: a change that then failed or was refused owes nothing.
/// Reads by key only (the recipient's requests and the people in them), never the event's registrations.
/// </summary>
public sealed class MeetingEmailContent(IMeetingStore store, IRegistrationStore registrations)
{
    /// <returns>Null when the email is no longer due (the request is gone, answered otherwise or ended).</returns>
    public async Task<MeetingEmailDetails?> ForAsync(PendingEmail email, Event programmeEvent, Registration recipient, CancellationToken cancellationToken)
    {
        if (programmeEvent.Meetings is not { } settings
            || await store.GetProfileAsync(programmeEvent.Id, recipient.Id, cancellationToken) is not { } me)
        {
            return null;
        }
        if (email.Kind == RegistrationEmailKind.MeetingsChanged)
        {
            return new MeetingEmailDetails(null, null, await AgendaAsync(programmeEvent, settings, me, cancellationToken));
        }
        if (email.Instance is not { } requestId
            || await store.GetRequestAsync(programmeEvent.Id, requestId, cancellationToken) is not { } request
            || !request.Involves(me.ParticipantId))
        {
            return null;
        }
        var due = email.Kind switch
        {
            // The request exists, so its addition committed; answered already (from the manage page) it is still news.
            RegistrationEmailKind.MeetingRequested => request.To == me.ParticipantId && request.State != MeetingRequestState.Withdrawn,
            RegistrationEmailKind.MeetingAccepted => request.From == me.ParticipantId && request.State == MeetingRequestState.Accepted,
            RegistrationEmailKind.MeetingDeclined => request.From == me.ParticipantId && request.State == MeetingRequestState.Declined,
            // Withdrawn, or ended by the other side's cancelled registration (MeetingCancellationNotices).
            RegistrationEmailKind.MeetingWithdrawn => request.State is MeetingRequestState.Withdrawn or MeetingRequestState.Open or MeetingRequestState.Accepted,
            _ => false,
        };
        var (other, stands) = await PersonAsync(programmeEvent.Id, request.Other(me.ParticipantId),
            request.From == me.ParticipantId ? request.ToRegistrationId : request.FromRegistrationId, cancellationToken);
        var told = email.Kind switch
        {
            // A request or an acceptance from someone whose registration no longer stands has ended: not told.
            RegistrationEmailKind.MeetingRequested or RegistrationEmailKind.MeetingAccepted => stands,
            // Still open or accepted while the other side stands: nothing ended (a withdrawal that then failed).
            RegistrationEmailKind.MeetingWithdrawn => !(request.HoldsPair && stands),
            _ => true,
        };
        if (!due || !told)
        {
            return null;
        }
        return email.Kind switch
        {
            RegistrationEmailKind.MeetingRequested => new MeetingEmailDetails(other, request.Message, null),
            RegistrationEmailKind.MeetingWithdrawn => new MeetingEmailDetails(other, null, await AgendaAsync(programmeEvent, settings, me, cancellationToken)),
            _ => new MeetingEmailDetails(other, null, null),
        };
    }

    /// <summary>The recipient's placed meetings whose other side still stands, in time order.</summary>
    private async Task<IReadOnlyList<AgendaItem>> AgendaAsync(Event programmeEvent, MeetingSettings settings, MeetingProfile me, CancellationToken cancellationToken)
    {
        var slots = settings.Slots();
        var items = new List<AgendaItem>();
        foreach (var request in await store.RequestsAsync(programmeEvent.Id, cancellationToken))
        {
            if (!request.Involves(me.ParticipantId) || request.State != MeetingRequestState.Accepted
                || request is not { Slot: { } slot, Table: { } table } || slot >= slots.Count)
            {
                continue;
            }
            var otherRegistration = request.From == me.ParticipantId ? request.ToRegistrationId : request.FromRegistrationId;
            if (await PersonAsync(programmeEvent.Id, request.Other(me.ParticipantId), otherRegistration, cancellationToken) is ({ } other, true))
            {
                items.Add(new AgendaItem(request.Id, programmeEvent.Local(slots[slot].StartsAt), programmeEvent.Local(slots[slot].EndsAt), table + 1, other));
            }
        }
        return [.. items.OrderBy(i => i.StartsAt)];
    }

    /// <summary>
    /// The other side as a summary (null once erased or gone) and whether they still take part (their
    /// registration confirmed): a cancelled person is still named in the notice that their meeting ended.
    /// </summary>
    private async Task<(ParticipantSummary? Person, bool Stands)> PersonAsync(string eventId, string participantId, string registrationId,
        CancellationToken cancellationToken)
    {
        var registration = await registrations.GetAsync(registrationId, cancellationToken);
        if (registration is not { AnonymisedAt: null })
        {
            return (null, false);
        }
        var profile = await store.GetProfileAsync(eventId, registrationId, cancellationToken);
        return (new ParticipantSummary(participantId, registration.Person.FullName, registration.Person.Organisation, profile?.ClusterId),
            registration.Status == RegistrationStatus.Confirmed);
    }
}
