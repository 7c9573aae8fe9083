using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>Requests between participants, their answers and the emails these owe; the agenda and how a meeting went.</summary>
public sealed partial class MeetingService
{
    public async Task<MeetingResult<MeetingRequest>> RequestAsync(string registrationId, string? token, MeetingRequestInput input, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<MeetingRequest>.Refused(refusal!.Value);
        }
        var errors = new ValidationErrors();
        var to = TextRules.Check(errors, "to", input.To, 64, required: true);
        var message = TextRules.Check(errors, "message", input.Message, MaxMessageLength, required: false, multiline: true) ?? "";
        if (to == me.ParticipantId)
        {
            errors.Add("to", "A meeting needs someone else: not yourself.");
        }
        if (!errors.IsEmpty)
        {
            return MeetingResult<MeetingRequest>.Invalid(errors);
        }
        var eventId = entry!.View.Event.Id;
        var people = await PeopleAsync(eventId, cancellationToken);
        if (!people.TryGetValue(to!, out var other))
        {
            errors.Add("to", "No such participant at this event.");
            return MeetingResult<MeetingRequest>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var request = new MeetingRequest
        {
            Id = NewId("q"),
            EventId = eventId,
            From = me.ParticipantId,
            To = other.Profile.ParticipantId,
            FromRegistrationId = registrationId,
            ToRegistrationId = other.Registration.Id,
            Message = message,
            State = MeetingRequestState.Open,
            CreatedAt = now,
        };
        // Owed before the request is written (another table, no shared transaction): the email goes only while
        // the request stands open (MeetingEmailContent), so a refused or failed addition owes nothing.
        var owed = new PendingEmail(other.Registration.Id, RegistrationEmailKind.MeetingRequested, request.Id);
        await owedEmails.OweAsync(eventId, [owed], now, cancellationToken);
        switch (await store.AddRequestAsync(request, entry.Settings.RequestsPerPerson, cancellationToken))
        {
            case RequestAddition.LimitReached:
                return MeetingResult<MeetingRequest>.Refused(MeetingRefusal.LimitReached,
                    $"This event allows {entry.Settings.RequestsPerPerson} meeting requests per person, and you have sent them all.");
            case RequestAddition.AlreadyBetween:
                return MeetingResult<MeetingRequest>.Refused(MeetingRefusal.AlreadyBetween,
                    "A meeting request between you two is already open or accepted.");
            case RequestAddition.NoProfile:
                return MeetingResult<MeetingRequest>.Refused(MeetingRefusal.NoProfile);
        }
        await notifier.OwedAsync(owed, cancellationToken);
        return MeetingResult<MeetingRequest>.Ok(request);
    }

    public async Task<MeetingResult<IReadOnlyList<MyRequestView>>> MyRequestsAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<IReadOnlyList<MyRequestView>>.Refused(refusal!.Value);
        }
        var eventId = entry!.View.Event.Id;
        var people = await PeopleAsync(eventId, cancellationToken);
        var slots = entry.Settings.Slots();
        var mine = (await store.RequestsAsync(eventId, cancellationToken)).Where(r => r.Involves(me.ParticipantId)).ToList();
        var states = mine.ToDictionary(r => r.Id, r => StateOf(r, people), StringComparer.Ordinal);
        // A meeting that had begun when the other side left stays accepted here, as on the agenda.
        foreach (var id in await KeptAfterLeavingAsync(eventId, people, mine, slots, time.GetUtcNow(), cancellationToken))
        {
            states[id] = MeetingRequestState.Accepted;
        }
        var items = mine
            .OrderByDescending(r => r.CreatedAt)
            .Select(r =>
            {
                var state = states[r.Id];
                var placed = state == MeetingRequestState.Accepted && r.Slot is { } s && s < slots.Count;
                return new MyRequestView(r.Id, r.From == me.ParticipantId ? "sent" : "received", state, Summary(r.Other(me.ParticipantId), people),
                    r.Message, r.CreatedAt, placed ? entry.View.Event.Local(slots[r.Slot!.Value].StartsAt) : null, placed ? r.Table + 1 : null);
            })
            .ToArray();
        return MeetingResult<IReadOnlyList<MyRequestView>>.Ok(items);
    }

    public enum Answer
    {
        Accept,
        Decline,
        Withdraw,
    }

    /// <summary>
    /// Accept or decline (the invited side only, while open) or withdraw (either side, while open or accepted,
    /// and not once its scheduled meeting has begun).
    /// Written under the request's ETag: of two answers at once, one wins and the other finds the new state.
    /// </summary>
    public async Task<MeetingResult<MeetingRequest>> AnswerAsync(string registrationId, string? token, string requestId, Answer answer, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<MeetingRequest>.Refused(refusal!.Value);
        }
        var eventId = entry!.View.Event.Id;
        var people = await PeopleAsync(eventId, cancellationToken);
        var now = time.GetUtcNow();
        // The email the answer owes, stored before the answer is written: it goes only if the request then
        // stands as it says (MeetingEmailContent), so an answer refused or failed owes nothing.
        var changeId = NewId("c");
        var owed = await OwedForAnswerAsync(eventId, requestId, me, answer, changeId, now, cancellationToken);
        MeetingRefusal? refused = null;
        string? why = null;
        var slots = entry.Settings.Slots();
        var kept = await IsKeptAfterLeavingAsync(eventId, people, requestId, slots, now, cancellationToken);
        var changed = await store.ChangeRequestAsync(eventId, requestId, r =>
        {
            (refused, why) = (null, null);
            if (!r.Involves(me.ParticipantId))
            {
                refused = MeetingRefusal.NotFound;
                return null;
            }
            if (answer != Answer.Withdraw && r.To != me.ParticipantId)
            {
                refused = MeetingRefusal.NotInvited;
                return null;
            }
            // A meeting that had begun when the other side left stands, as on the agenda.
            var state = kept && r.State == MeetingRequestState.Accepted ? MeetingRequestState.Accepted : StateOf(r, people);
            var allowed = answer == Answer.Withdraw
                ? state is MeetingRequestState.Open or MeetingRequestState.Accepted
                : state == MeetingRequestState.Open;
            if (!allowed)
            {
                refused = MeetingRefusal.WrongState;
                return null;
            }
            // A meeting that has begun is kept: its outcomes are recorded against it, and withdrawing it would
            // take them out of the organisers' list.
            if (answer == Answer.Withdraw && r.HasBegun(slots, now))
            {
                (refused, why) = (MeetingRefusal.WrongState, "The meeting has begun; it can no longer be withdrawn.");
                return null;
            }
            return answer switch
            {
                Answer.Accept => r with { State = MeetingRequestState.Accepted, ChangedAt = now, AcceptedAt = now, ChangeId = changeId },
                Answer.Decline => r with { State = MeetingRequestState.Declined, ChangedAt = now, ChangeId = changeId },
                // A withdrawn meeting leaves its place in the same write: it can never stay scheduled.
                _ => r with { State = MeetingRequestState.Withdrawn, ChangedAt = now, ChangeId = changeId, Slot = null, Table = null },
            };
        }, cancellationToken);
        if (changed is null)
        {
            return MeetingResult<MeetingRequest>.Refused(MeetingRefusal.NotFound);
        }
        if (changed.Value.After is not { } after)
        {
            return MeetingResult<MeetingRequest>.Refused(refused ?? MeetingRefusal.WrongState,
                why ?? (refused == MeetingRefusal.WrongState ? $"The request is {Enums.Name(StateOf(changed.Value.Before, people))}." : null));
        }
        await Task.WhenAll(owed.Select(email => notifier.OwedAsync(email, cancellationToken)));
        return MeetingResult<MeetingRequest>.Ok(after);
    }

    /// <summary>
    /// Stores the emails an answer owes (the sender told of an acceptance or a decline; the other side of a
    /// withdrawal and, for a meeting agreed, the side who withdrew it too, whose calendar may hold it: the email
    /// cancels it there), naming the <see cref="MeetingRequest.ChangeId"/> the answer writes, so they go only
    /// if this very answer committed (<see cref="MeetingEmailContent"/>); none when the request as read refuses it.
    /// </summary>
    private async Task<IReadOnlyList<PendingEmail>> OwedForAnswerAsync(string eventId, string requestId, MeetingProfile me, Answer answer, string changeId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.GetRequestAsync(eventId, requestId, cancellationToken) is not { } request || !request.Involves(me.ParticipantId)
            || (answer == Answer.Withdraw ? !request.HoldsPair : request.To != me.ParticipantId || request.State != MeetingRequestState.Open))
        {
            return [];
        }
        var instance = MeetingEmailContent.AnswerInstance(request.Id, changeId);
        PendingEmail[] owed = answer switch
        {
            Answer.Accept => [new PendingEmail(request.FromRegistrationId, RegistrationEmailKind.MeetingAccepted, instance)],
            Answer.Decline => [new PendingEmail(request.FromRegistrationId, RegistrationEmailKind.MeetingDeclined, instance)],
            _ when request.State == MeetingRequestState.Accepted =>
            [
                new PendingEmail(request.OtherRegistrationId(me.ParticipantId), RegistrationEmailKind.MeetingWithdrawn, instance),
                new PendingEmail(me.RegistrationId, RegistrationEmailKind.MeetingWithdrawn, instance),
            ],
            _ => [new PendingEmail(request.OtherRegistrationId(me.ParticipantId), RegistrationEmailKind.MeetingWithdrawn, instance)],
        };
        await owedEmails.OweAsync(eventId, owed, now, cancellationToken);
        return owed;
    }

    public async Task<MeetingResult<IReadOnlyList<AgendaItem>>> AgendaAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<IReadOnlyList<AgendaItem>>.Refused(refusal!.Value);
        }
        return MeetingResult<IReadOnlyList<AgendaItem>>.Ok(await agendas.ForAsync(entry!.View.Event, entry.Settings, me, cancellationToken));
    }

    /// <summary>The agenda as a calendar file (one VEVENT per meeting), with the event for its time zone.</summary>
    public async Task<MeetingResult<string>> AgendaCalendarAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var agenda = await AgendaAsync(registrationId, token, cancellationToken);
        if (agenda.Value is null)
        {
            return MeetingResult<string>.Refused(agenda.Refusal!.Value);
        }
        var view = await registrationService.GetAsync(registrationId, token, cancellationToken);
        return view is null ? MeetingResult<string>.Refused(MeetingRefusal.NotFound)
            : MeetingResult<string>.Ok(MeetingCalendar.Create(view.Event, agenda.Value, view.Registration.Person.Language, time.GetUtcNow(), organiser));
    }

    public async Task<MeetingResult<MeetingRequest>> TellOutcomeAsync(string registrationId, string? token, string requestId, MeetingOutcomeInput input, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<MeetingRequest>.Refused(refusal!.Value);
        }
        var errors = new ValidationErrors();
        if (input.Held is null)
        {
            errors.Add("held", "true or false.");
        }
        var topic = TextRules.Check(errors, "topic", input.Topic, 200, required: false);
        var nextStep = TextRules.Check(errors, "nextStep", input.NextStep, 1000, required: false, multiline: true);
        if (!errors.IsEmpty)
        {
            return MeetingResult<MeetingRequest>.Invalid(errors);
        }
        var eventId = entry!.View.Event.Id;
        var slots = entry.Settings.Slots();
        var now = time.GetUtcNow();
        var people = await PeopleAsync(eventId, cancellationToken);
        var kept = await IsKeptAfterLeavingAsync(eventId, people, requestId, slots, now, cancellationToken);
        MeetingRefusal? refused = null;
        string? why = null;
        var changed = await store.ChangeRequestAsync(eventId, requestId, r =>
        {
            (refused, why) = (null, null);
            if (!r.Involves(me.ParticipantId))
            {
                refused = MeetingRefusal.NotFound;
                return null;
            }
            if (r.State != MeetingRequestState.Accepted || r.Slot is not { } slot || slot >= slots.Count)
            {
                refused = MeetingRefusal.WrongState;
                return null;
            }
            // One a side left before it began is off every list: it did not take place.
            if (StateOf(r, people) == MeetingRequestState.Ended && !kept)
            {
                (refused, why) = (MeetingRefusal.WrongState, "The meeting did not take place: a side left before it began.");
                return null;
            }
            if (slots[slot].StartsAt > now)
            {
                refused = MeetingRefusal.TooEarly;
                return null;
            }
            var outcome = new MeetingOutcome(input.Held!.Value, topic, nextStep, now);
            return r.From == me.ParticipantId ? r with { FromOutcome = outcome } : r with { ToOutcome = outcome };
        }, cancellationToken);
        return changed switch
        {
            null => MeetingResult<MeetingRequest>.Refused(MeetingRefusal.NotFound),
            { After: null } => MeetingResult<MeetingRequest>.Refused(refused ?? MeetingRefusal.WrongState, why ?? refused switch
            {
                MeetingRefusal.TooEarly => "The meeting has not started yet.",
                MeetingRefusal.WrongState => "Only a scheduled meeting has an outcome.",
                _ => null,
            }),
            { After: { } after } => MeetingResult<MeetingRequest>.Ok(after),
        };
    }
}
