using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// A participant's agenda: their accepted, placed meetings whose other side still takes part, in time order
/// (tables from 1, times at the event's offset). A meeting that had begun when its other side cancelled stays:
/// it took place (or was due to), so it stays in the calendar and its outcome can still be told. One read of the
/// event's requests, then the people in the agenda by key: the agenda page, its calendar file and the meeting
/// emails all read it here.
/// </summary>
public sealed class MeetingAgendas(IMeetingStore store, IRegistrationStore registrations, Catalogue.CatalogueService catalogue)
{
    public async Task<IReadOnlyList<AgendaItem>> ForAsync(Event programmeEvent, MeetingSettings settings, MeetingProfile me, CancellationToken cancellationToken)
        => (await WithTakenOffAsync(programmeEvent, settings, me, cancellationToken)).Agenda;

    /// <summary>
    /// The agenda, and the person's accepted meetings a scheduler run took off the schedule: they may stand in the
    /// person's calendar from an earlier agenda file, so an email cancels them there. Also when the other side left:
    /// one erased was told to nobody, and one who cancelled was told in a notice this repeats (harmless in a calendar).
    /// </summary>
    public async Task<(IReadOnlyList<AgendaItem> Agenda, IReadOnlyList<CalendarCancellation> TakenOff)> WithTakenOffAsync(Event programmeEvent,
        MeetingSettings settings, MeetingProfile me, CancellationToken cancellationToken)
    {
        var slots = settings.Slots();
        var items = new List<AgendaItem>();
        var takenOff = new List<CalendarCancellation>();
        foreach (var request in await store.RequestsAsync(programmeEvent.Id, cancellationToken))
        {
            if (!request.Involves(me.ParticipantId) || request.State != MeetingRequestState.Accepted)
            {
                continue;
            }
            if (request is not { Slot: { } slot, Table: { } table } || slot >= slots.Count)
            {
                if (request is { TakenOff: true, IsPlaced: false })
                {
                    takenOff.Add(new CalendarCancellation(request.Id, (await OtherSideAsync(request, me, cancellationToken)).Person));
                }
                continue;
            }
            var (other, stands, leftAt) = await OtherSideAsync(request, me, cancellationToken);
            if (other is not null && stands || HadBegunWhenLeft(slots[slot].StartsAt, leftAt))
            {
                // One who was erased since is unnamed, as on the organisers' list.
                items.Add(new AgendaItem(request.Id, programmeEvent.Local(slots[slot].StartsAt), programmeEvent.Local(slots[slot].EndsAt), table + 1,
                    other ?? new ParticipantSummary(request.Other(me.ParticipantId), "", "", null)));
            }
        }
        return ([.. items.OrderBy(i => i.StartsAt)], takenOff);
    }

    /// <summary>
    /// Whether a meeting starting at <paramref name="startsAt"/> had begun when a side cancelled (at
    /// <paramref name="cancelledAt"/>): then it stays, on the agendas and the organisers' list, with its outcomes.
    /// </summary>
    public static bool HadBegunWhenLeft(DateTimeOffset startsAt, DateTimeOffset? cancelledAt) => cancelledAt >= startsAt;

    /// <summary>
    /// The other side of a request as a summary (null once erased or gone) and whether they still take part
    /// (their registration confirmed), and when they cancelled (kept when erased): a cancelled person is still named
    /// in the notice that their meeting ended, and in a meeting that had begun by then.
    /// </summary>
    public async Task<(ParticipantSummary? Person, bool Stands, DateTimeOffset? CancelledAt)> OtherSideAsync(MeetingRequest request, MeetingProfile me, CancellationToken cancellationToken)
    {
        var registrationId = request.OtherRegistrationId(me.ParticipantId);
        var registration = await registrations.GetAsync(registrationId, cancellationToken);
        if (registration is not { AnonymisedAt: null })
        {
            return (null, false, registration?.CancelledAt);
        }
        var profile = await store.GetProfileAsync(request.EventId, registrationId, cancellationToken);
        var clusterId = MeetingService.Shown(profile?.ClusterId, await catalogue.SnapshotAsync(cancellationToken));
        return (new ParticipantSummary(request.Other(me.ParticipantId), registration.Person.FullName, registration.Person.Organisation, clusterId),
            registration.Status == RegistrationStatus.Confirmed, registration.CancelledAt);
    }
}
