using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// What a meeting email tells beyond the event: the other person (and, in a request, their message) and the
/// recipient's agenda as it stands when the email is sent.
/// </summary>
public sealed record MeetingEmailDetails(ParticipantSummary? With, string? Message, IReadOnlyList<AgendaItem>? Agenda)
{
    /// <summary>Meetings agreed once that are off the recipient's agenda now: the email cancels them in their calendar.</summary>
    public IReadOnlyList<CalendarCancellation> Cancelled { get; init; } = [];
}

/// <summary>A meeting to take out of a calendar: its request (the UID) and, when known, the other person (the summary).</summary>
public sealed record CalendarCancellation(string RequestId, ParticipantSummary? With);

/// <summary>
/// Reads, when a meeting email goes out, whether it is still due and what it says. A meeting change owes its
/// email before the change is written (the two live in different tables), so the email must prove that its
/// change committed: a new request by existing; an answer by its change id (<see cref="AnswerInstance"/>: the
/// request's <see cref="MeetingRequest.ChangeId"/> is the one this answer wrote, so a refused or failed answer,
/// or one that lost a race to the other side, owes nothing); a cancellation's notice by the other side no
/// longer taking part.
/// </summary>
public sealed class MeetingEmailContent(IMeetingStore store, MeetingAgendas agendas, TimeProvider time)
{
    /// <summary>The instance of an answer's email: the request and the change id the answer writes on it.</summary>
    public static string AnswerInstance(string requestId, string changeId) => requestId + "-" + changeId;

    /// <returns>Null when the email is not due (its change never committed, the request has ended since, or the event is cancelled: its
    /// cancellation cancels the meetings instead).</returns>
    public async Task<MeetingEmailDetails?> ForAsync(PendingEmail email, Event programmeEvent, Registration recipient, CancellationToken cancellationToken)
    {
        if (programmeEvent.Meetings is not { } settings || programmeEvent.Status == EventStatus.Cancelled
            || await store.GetProfileAsync(programmeEvent.Id, recipient.Id, cancellationToken) is not { } me)
        {
            return null;
        }
        if (email.Kind == RegistrationEmailKind.MeetingsChanged)
        {
            // Always due: it lists the agenda as it stands when sent, right even if the run's writes stopped halfway,
            // and cancels the meetings a run took off it.
            var (agenda, takenOff) = await agendas.WithTakenOffAsync(programmeEvent, settings, me, cancellationToken);
            return new MeetingEmailDetails(null, null, agenda) { Cancelled = takenOff };
        }
        var (requestId, stamp) = Parse(email.OriginalInstance);
        if (requestId is null
            || await store.GetRequestAsync(programmeEvent.Id, requestId, cancellationToken) is not { } request
            || !request.Involves(me.ParticipantId))
        {
            return null;
        }
        var (other, stands, _) = await agendas.OtherSideAsync(request, me, cancellationToken);
        var answered = stamp is null || request.ChangeId == stamp;
        var due = email.Kind switch
        {
            // The request exists, so its addition committed; answered already (from the manage page) it is still news.
            RegistrationEmailKind.MeetingRequested => request.To == me.ParticipantId && request.State != MeetingRequestState.Withdrawn && stands,
            RegistrationEmailKind.MeetingAccepted => request.From == me.ParticipantId && request.State == MeetingRequestState.Accepted && answered && stands,
            RegistrationEmailKind.MeetingDeclined => request.From == me.ParticipantId && request.State == MeetingRequestState.Declined && answered,
            // Withdrawn by the other side, or (no stamp) ended by the other side's cancellation.
            RegistrationEmailKind.MeetingWithdrawn => stamp is null
                ? request.HoldsPair && !stands
                : request.State == MeetingRequestState.Withdrawn && answered,
            _ => false,
        };
        if (!due)
        {
            return null;
        }
        return email.Kind switch
        {
            RegistrationEmailKind.MeetingRequested => new MeetingEmailDetails(other, request.Message, null),
            RegistrationEmailKind.MeetingWithdrawn => await WithdrawnAsync(request, other, stamp is null, programmeEvent, settings, me, cancellationToken),
            _ => new MeetingEmailDetails(other, null, null),
        };
    }

    /// <summary>
    /// The agenda as it stands and, for a meeting agreed once (ended by the other side's cancellation while still
    /// accepted, or withdrawn after it was accepted), its cancellation for the recipient's calendar; not while the
    /// agenda still holds it (it had begun when the other side left). A notice of the other side's cancellation is
    /// not due at all then: it was owed just before the meeting began, and the cancellation came after.
    /// </summary>
    private async Task<MeetingEmailDetails?> WithdrawnAsync(MeetingRequest request, ParticipantSummary? other, bool byCancellation, Event programmeEvent,
        MeetingSettings settings, MeetingProfile me, CancellationToken cancellationToken)
    {
        var agenda = await agendas.ForAsync(programmeEvent, settings, me, cancellationToken);
        if (byCancellation && agenda.Any(item => item.RequestId == request.Id))
        {
            return null;
        }
        var agreed = request.State == MeetingRequestState.Accepted || request.AcceptedAt is not null;
        return new MeetingEmailDetails(other, null, agenda)
        {
            Cancelled = agreed && agenda.All(item => item.RequestId != request.Id) ? [new CalendarCancellation(request.Id, other)] : [],
        };
    }

    /// <summary>
    /// The meetings a cancellation takes from a person (their registration's, or the event's), which its email cancels
    /// in their calendar (named by the other side as that person knew them): every meeting once agreed that may stand
    /// there, except one that had begun when they cancelled, or by now when the event is cancelled (it took place, and
    /// stays on the other side's agenda). Read when the email is sent, so it also takes those that left the schedule
    /// since (a run took them off) and those the other side withdrew (whose notice to this person is no longer due once
    /// they cancelled); cancelling one a calendar no longer holds changes nothing there.
    /// </summary>
    public async Task<IReadOnlyList<CalendarCancellation>> LeftByCancellationAsync(Event programmeEvent, Registration person, CancellationToken cancellationToken)
    {
        var leftAt = person.CancelledAt ?? (programmeEvent.Status == EventStatus.Cancelled ? time.GetUtcNow() : (DateTimeOffset?)null);
        if (programmeEvent.Meetings is not { } settings || leftAt is null
            || await store.GetProfileAsync(programmeEvent.Id, person.Id, cancellationToken) is not { } me)
        {
            return [];
        }
        var slots = settings.Slots();
        var left = new List<CalendarCancellation>();
        foreach (var request in await store.RequestsAsync(programmeEvent.Id, cancellationToken))
        {
            var mayStand = request switch
            {
                { State: MeetingRequestState.Accepted, IsPlaced: true, Slot: { } slot } => slot < slots.Count && !request.HasBegun(slots, leftAt.Value),
                { State: MeetingRequestState.Accepted, TakenOff: true } => true,
                { State: MeetingRequestState.Withdrawn, AcceptedAt: not null } => true,
                _ => false,
            };
            if (mayStand && request.Involves(me.ParticipantId))
            {
                left.Add(new CalendarCancellation(request.Id, (await agendas.OtherSideAsync(request, me, cancellationToken)).Person));
            }
        }
        return left;
    }

    /// <summary>A request id, and the answer's change id after a '-' (both are letters and digits only).</summary>
    private static (string? RequestId, string? Stamp) Parse(string? instance)
    {
        if (string.IsNullOrEmpty(instance))
        {
            return (null, null);
        }
        var dash = instance.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? (instance[..dash], instance[(dash + 1)..]) : (instance, null);
    }
}
