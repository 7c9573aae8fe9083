using System.Security.Cryptography;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Meetings.Scheduling;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// Bilateral meetings at a forum (issue #17): confirmed registrants opt in with a profile, see the other
/// participants of the same event, request meetings, accept, decline or withdraw; organisers run the
/// scheduler and publish placements; each participant reads their agenda and tells how a meeting went.
/// Every registrant operation goes through the manage token (<see cref="RegistrationService.GetAsync"/>).
/// </summary>
public sealed class MeetingService(
    RegistrationService registrationService,
    IRegistrationStore registrations,
    IEventStore events,
    IMeetingStore store,
    IClusterStore clusters,
    IOwedEmailStore owedEmails,
    RegistrationNotifier notifier,
    IMeetingScheduler scheduler,
    MeetingAgendas agendas,
    MeetingSchedulingSettings settings,
    TimeProvider time)
{
    public const int MaxTopics = 20;
    public const int MaxTopicLength = 80;
    public const int MaxMessageLength = 1000;

    private sealed record Entry(RegistrantView View, MeetingSettings Settings);

    private async Task<(Entry? Entry, MeetingRefusal? Refusal)> EnterAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var view = await registrationService.GetAsync(registrationId, token, cancellationToken);
        if (view is null)
        {
            return (null, MeetingRefusal.NotFound);
        }
        if (view.Event.Meetings is not { } meetings || view.Event.Status == EventStatus.Cancelled)
        {
            return (null, MeetingRefusal.NoMeetings);
        }
        return view.Registration.Status != RegistrationStatus.Confirmed ? (null, MeetingRefusal.NotConfirmed) : (new Entry(view, meetings), null);
    }

    /// <summary>Entry plus the person's own profile (required).</summary>
    private async Task<(Entry? Entry, MeetingProfile? Me, MeetingRefusal? Refusal)> EnterWithProfileAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var (entry, refusal) = await EnterAsync(registrationId, token, cancellationToken);
        if (entry is null)
        {
            return (null, null, refusal);
        }
        var me = await store.GetProfileAsync(entry.View.Event.Id, registrationId, cancellationToken);
        return me is null ? (null, null, MeetingRefusal.NoProfile) : (entry, me, null);
    }

    public async Task<MeetingResult<MeetingProfile>> GetProfileAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var (_, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        return me is null ? MeetingResult<MeetingProfile>.Refused(refusal!.Value) : MeetingResult<MeetingProfile>.Ok(me);
    }

    public async Task<MeetingResult<MeetingProfile>> SaveProfileAsync(string registrationId, string? token, MeetingProfileInput input, CancellationToken cancellationToken)
    {
        var (entry, refusal) = await EnterAsync(registrationId, token, cancellationToken);
        if (entry is null)
        {
            return MeetingResult<MeetingProfile>.Refused(refusal!.Value);
        }
        var errors = new ValidationErrors();
        var clusterId = TextRules.Check(errors, "clusterId", input.ClusterId, 100, required: false) ?? entry.View.Registration.Person.ClusterId;
        if (input.ClusterId is not null && clusterId is not null && errors.IsEmpty
            && await clusters.GetAsync(clusterId, cancellationToken) is not { Status: ProfileStatus.Approved })
        {
            errors.Add("clusterId", "No such cluster in the catalogue.");
        }
        var offers = TopicList(errors, "offers", input.Offers);
        var needs = TopicList(errors, "needs", input.Needs);
        var sessionCount = entry.Settings.Sessions.Count;
        if (input.Sessions is not { Count: > 0 } sessions)
        {
            errors.Add("sessions", "Choose at least one session (indexes into the event's meeting sessions).");
        }
        else if (sessions.Any(s => s < 0 || s >= sessionCount))
        {
            errors.Add("sessions", $"Indexes from 0 to {sessionCount - 1}.");
        }
        if (!errors.IsEmpty)
        {
            return MeetingResult<MeetingProfile>.Invalid(errors);
        }
        var saved = await store.SaveProfileAsync(new MeetingProfile
        {
            EventId = entry.View.Event.Id,
            RegistrationId = registrationId,
            ParticipantId = NewId("p"),
            ClusterId = clusterId,
            Offers = offers,
            Needs = needs,
            Sessions = [.. input.Sessions!.Distinct().Order()],
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
        return MeetingResult<MeetingProfile>.Ok(saved);
    }

    private static string[] TopicList(ValidationErrors errors, string field, List<string?>? topics)
    {
        if (topics is null)
        {
            return [];
        }
        if (topics.Count > MaxTopics)
        {
            errors.Add(field, $"At most {MaxTopics} topics.");
        }
        var list = new List<string>();
        for (var i = 0; i < topics.Count && i < MaxTopics; i++)
        {
            if (TextRules.Check(errors, $"{field}[{i}]", topics[i], MaxTopicLength, required: true) is { } topic
                && !list.Any(t => Topics.Canonical(t) == Topics.Canonical(topic)))
            {
                list.Add(topic);
            }
        }
        return [.. list];
    }

    /// <summary>The event's other participants whose registrations stand; with <paramref name="matches"/>, ranked by the matchmaker with its reasons.</summary>
    public async Task<MeetingResult<IReadOnlyList<ParticipantView>>> ParticipantsAsync(string registrationId, string? token, bool matches, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<IReadOnlyList<ParticipantView>>.Refused(refusal!.Value);
        }
        var people = await PeopleAsync(entry!.View.Event.Id, cancellationToken);
        var ranking = new Dictionary<string, Match>(StringComparer.Ordinal);
        if (matches && me.ClusterId is not null && await clusters.GetAsync(me.ClusterId, cancellationToken) is { Status: ProfileStatus.Approved } mine)
        {
            foreach (var match in Matchmaker.For(mine, await clusters.ApprovedAsync(cancellationToken), int.MaxValue))
            {
                ranking[match.Cluster.Id] = match;
            }
        }
        var items = people.Values
            .Where(p => p.Profile.ParticipantId != me.ParticipantId)
            .Select(p =>
            {
                var match = matches && p.Profile.ClusterId is { } c && ranking.TryGetValue(c, out var m) ? m : null;
                var person = p.Registration.Person;
                return new ParticipantView(p.Profile.ParticipantId, person.FullName, person.Organisation, p.Profile.ClusterId, person.Country,
                    p.Profile.Offers, p.Profile.Needs, matches ? match?.Score ?? 0 : null, matches ? match?.Reasons ?? [] : null);
            })
            .OrderByDescending(p => p.Score ?? 0)
            .ThenBy(p => TextFolding.Fold(p.Name), StringComparer.Ordinal)
            .ThenBy(p => p.ParticipantId, StringComparer.Ordinal)
            .ToArray();
        return MeetingResult<IReadOnlyList<ParticipantView>>.Ok(items);
    }

    private sealed record Person(MeetingProfile Profile, Registration Registration);

    /// <summary>Participants by participant id whose registrations are confirmed (and not anonymised).</summary>
    private async Task<Dictionary<string, Person>> PeopleAsync(string eventId, CancellationToken cancellationToken)
    {
        var confirmed = new Dictionary<string, Registration>(StringComparer.Ordinal);
        await foreach (var registration in registrations.AllAsync(eventId, cancellationToken))
        {
            if (registration.Status == RegistrationStatus.Confirmed && registration.AnonymisedAt is null)
            {
                confirmed[registration.Id] = registration;
            }
        }
        return (await store.ProfilesAsync(eventId, cancellationToken))
            .Where(p => confirmed.ContainsKey(p.RegistrationId))
            .ToDictionary(p => p.ParticipantId, p => new Person(p, confirmed[p.RegistrationId]), StringComparer.Ordinal);
    }

    /// <summary>A request's state as it stands: ended once either side is no longer a confirmed participant.</summary>
    private static MeetingRequestState StateOf(MeetingRequest request, IReadOnlyDictionary<string, Person> people)
        => request.State is MeetingRequestState.Open or MeetingRequestState.Accepted
           && (!people.ContainsKey(request.From) || !people.ContainsKey(request.To))
            ? MeetingRequestState.Ended
            : request.State;

    private static ParticipantSummary Summary(string participantId, IReadOnlyDictionary<string, Person> people)
        => people.TryGetValue(participantId, out var p)
            ? new ParticipantSummary(participantId, p.Registration.Person.FullName, p.Registration.Person.Organisation, p.Profile.ClusterId)
            : new ParticipantSummary(participantId, "", "", null);

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
        var items = (await store.RequestsAsync(eventId, cancellationToken))
            .Where(r => r.Involves(me.ParticipantId))
            .OrderByDescending(r => r.CreatedAt)
            .Select(r =>
            {
                var state = StateOf(r, people);
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
    /// Accept or decline (the invited side only, while open) or withdraw (either side, while open or accepted).
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
        var changed = await store.ChangeRequestAsync(eventId, requestId, r =>
        {
            refused = null;
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
            var state = StateOf(r, people);
            var allowed = answer == Answer.Withdraw
                ? state is MeetingRequestState.Open or MeetingRequestState.Accepted
                : state == MeetingRequestState.Open;
            if (!allowed)
            {
                refused = MeetingRefusal.WrongState;
                return null;
            }
            return answer switch
            {
                Answer.Accept => r with { State = MeetingRequestState.Accepted, ChangedAt = now, ChangeId = changeId },
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
                refused == MeetingRefusal.WrongState ? $"The request is {Enums.Name(StateOf(changed.Value.Before, people))}." : null);
        }
        if (owed is not null)
        {
            await notifier.OwedAsync(owed, cancellationToken);
        }
        return MeetingResult<MeetingRequest>.Ok(after);
    }

    /// <summary>
    /// Stores the email an answer owes the other side (the sender told of an acceptance or a decline; the other
    /// side of a withdrawal), naming the <see cref="MeetingRequest.ChangeId"/> the answer writes, so it goes only
    /// if this very answer committed (<see cref="MeetingEmailContent"/>); null when the request as read refuses it.
    /// </summary>
    private async Task<PendingEmail?> OwedForAnswerAsync(string eventId, string requestId, MeetingProfile me, Answer answer, string changeId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.GetRequestAsync(eventId, requestId, cancellationToken) is not { } request || !request.Involves(me.ParticipantId)
            || (answer == Answer.Withdraw ? !request.HoldsPair : request.To != me.ParticipantId || request.State != MeetingRequestState.Open))
        {
            return null;
        }
        var instance = MeetingEmailContent.AnswerInstance(request.Id, changeId);
        var owed = answer switch
        {
            Answer.Accept => new PendingEmail(request.FromRegistrationId, RegistrationEmailKind.MeetingAccepted, instance),
            Answer.Decline => new PendingEmail(request.FromRegistrationId, RegistrationEmailKind.MeetingDeclined, instance),
            _ => new PendingEmail(request.From == me.ParticipantId ? request.ToRegistrationId : request.FromRegistrationId,
                RegistrationEmailKind.MeetingWithdrawn, instance),
        };
        await owedEmails.OweAsync(eventId, [owed], now, cancellationToken);
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
            : MeetingResult<string>.Ok(MeetingCalendar.Create(view.Event, agenda.Value, view.Registration.Person.Language, time.GetUtcNow()));
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
        MeetingRefusal? refused = null;
        var changed = await store.ChangeRequestAsync(eventId, requestId, r =>
        {
            refused = null;
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
            { After: null } => MeetingResult<MeetingRequest>.Refused(refused ?? MeetingRefusal.WrongState, refused switch
            {
                MeetingRefusal.TooEarly => "The meeting has not started yet.",
                MeetingRefusal.WrongState => "Only a scheduled meeting has an outcome.",
                _ => null,
            }),
            { After: { } after } => MeetingResult<MeetingRequest>.Ok(after),
        };
    }

    /// <summary>The published meetings of an event, for organisers: slot order, then table.</summary>
    public async Task<MeetingResult<IReadOnlyList<ScheduledMeeting>>> MeetingsAsync(string eventId, CancellationToken cancellationToken)
    {
        var grid = await GridAsync(eventId, cancellationToken);
        return grid.Value is { } g ? MeetingResult<IReadOnlyList<ScheduledMeeting>>.Ok(g.Meetings)
            : MeetingResult<IReadOnlyList<ScheduledMeeting>>.Refused(grid.Refusal!.Value);
    }

    /// <summary>
    /// The organisers' grid: the event (for its time zone), every slot, the number of tables and the published
    /// meetings (slot order, then table), so empty slots and tables show too.
    /// </summary>
    public async Task<MeetingResult<MeetingGrid>> GridAsync(string eventId, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (programmeEvent is null)
        {
            return MeetingResult<MeetingGrid>.Refused(MeetingRefusal.NotFound);
        }
        if (programmeEvent.Meetings is not { } meetings)
        {
            return MeetingResult<MeetingGrid>.Refused(MeetingRefusal.NoMeetings);
        }
        var people = await PeopleAsync(eventId, cancellationToken);
        var slots = meetings.Slots();
        var items = (await store.RequestsAsync(eventId, cancellationToken))
            .Where(r => StateOf(r, people) == MeetingRequestState.Accepted && r.Slot is { } s && s < slots.Count && r.Table is not null)
            .OrderBy(r => r.Slot).ThenBy(r => r.Table)
            .Select(r => new ScheduledMeeting(r.Id, [Summary(r.From, people), Summary(r.To, people)], programmeEvent.Local(slots[r.Slot!.Value].StartsAt),
                programmeEvent.Local(slots[r.Slot.Value].EndsAt), r.Table!.Value + 1,
                new[] { (r.From, r.FromOutcome), (r.To, r.ToOutcome) }.Where(o => o.Item2 is not null).Select(o => new ToldOutcome(o.Item1, o.Item2!)).ToArray()))
            .ToArray();
        return MeetingResult<MeetingGrid>.Ok(new MeetingGrid(programmeEvent, slots, meetings.Tables, items));
    }

    /// <summary>
    /// Runs the scheduler over the accepted requests and publishes its placements, keeping published ones
    /// where they still fit. The placements are written under the requests' ETags, in transactions, and only
    /// while a request is still accepted (<see cref="IMeetingStore.PublishAsync"/>), so a request withdrawn
    /// during the run is never left scheduled. Both people of every meeting that is new, moved or dropped are
    /// owed an email listing their agenda.
    /// </summary>
    public async Task<MeetingResult<ScheduleReport>> ScheduleAsync(string eventId, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (programmeEvent is null)
        {
            return MeetingResult<ScheduleReport>.Refused(MeetingRefusal.NotFound);
        }
        if (programmeEvent.Meetings is not { } meetings)
        {
            return MeetingResult<ScheduleReport>.Refused(MeetingRefusal.NoMeetings);
        }
        var now = time.GetUtcNow();
        if (await store.ClaimScheduleRunAsync(eventId, now, now + settings.SolverTime + TimeSpan.FromMinutes(2), cancellationToken) is not { } run)
        {
            return MeetingResult<ScheduleReport>.Refused(MeetingRefusal.ScheduleRunning);
        }
        try
        {
            return MeetingResult<ScheduleReport>.Ok(await RunAsync(programmeEvent, meetings, run, now, cancellationToken));
        }
        finally
        {
            await store.ReleaseScheduleRunAsync(eventId, run, CancellationToken.None);
        }
    }

    private async Task<ScheduleReport> RunAsync(Event programmeEvent, MeetingSettings meetings, int run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var eventId = programmeEvent.Id;
        var slots = meetings.Slots();
        var people = await PeopleAsync(eventId, cancellationToken);
        var requests = await store.RequestsAsync(eventId, cancellationToken);
        var index = people.Keys.Order(StringComparer.Ordinal).Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var available = index.Keys.OrderBy(id => index[id])
            .Select(id => (IReadOnlySet<int>)slots.Where(s => people[id].Profile.Sessions.Contains(s.Session)).Select(s => s.Index).ToHashSet())
            .ToArray();
        var toPlace = requests.Where(r => StateOf(r, people) == MeetingRequestState.Accepted).ToArray();
        var problem = new SchedulingProblem(
            slots.Count, meetings.Tables, available,
            toPlace.Select(r => new RequestToPlace(r.Id, index[r.From], index[r.To])).ToArray(),
            toPlace.Where(r => r.Slot is not null && r.Table is not null).Select(r => new Placement(r.Id, r.Slot!.Value, r.Table!.Value)).ToArray());
        var result = scheduler.Schedule(problem, settings.SolverTime, cancellationToken);
        var target = Valid(problem, result.Placements).ToDictionary(p => p.RequestId, StringComparer.Ordinal);
        // Every request whose place changes: new, moved, or off the schedule (no longer wanted or no longer accepted).
        var changes = requests
            .Select(r => (Request: r, Wanted: target.GetValueOrDefault(r.Id)))
            .Where(x => x.Request.Slot != x.Wanted?.Slot || x.Request.Table != x.Wanted?.Table)
            .Select(x => new PlacementChange(x.Request.Id, x.Wanted?.Slot, x.Wanted?.Table))
            .ToArray();
        var changing = changes.Select(c => c.RequestId).ToHashSet(StringComparer.Ordinal);
        // Both people of every changing meeting are owed "your meetings changed", stored before the placements are
        // written: the email lists the agenda as it stands when sent, so it is right even if a write is then skipped.
        var instance = run.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var standing = people.Values.Select(p => p.Registration.Id).ToHashSet(StringComparer.Ordinal);
        var emails = requests.Where(r => changing.Contains(r.Id))
            .SelectMany(r => new[] { r.FromRegistrationId, r.ToRegistrationId })
            .Where(standing.Contains)
            .Distinct(StringComparer.Ordinal)
            .Select(id => new PendingEmail(id, RegistrationEmailKind.MeetingsChanged, instance))
            .ToArray();
        if (emails.Length > 0)
        {
            await owedEmails.OweAsync(eventId, emails, now, cancellationToken);
        }
        var written = await store.PublishAsync(eventId, changes, cancellationToken);
        var scheduled = requests.Count(r => !changing.Contains(r.Id) && target.ContainsKey(r.Id)) + written.Count(r => r.IsPlaced);
        await Task.WhenAll(emails.Select(e => notifier.OwedAsync(e, cancellationToken)));
        return new ScheduleReport(scheduled, result.UpperBound, result.Optimal, result.Greedy, result.Elapsed.TotalSeconds, emails.Length);
    }

    /// <summary>
    /// The placements that keep every rule (checked here, not trusted from the scheduler): a known request,
    /// a slot both people are available in, a table that exists, nobody twice in a slot, one meeting per table.
    /// </summary>
    private static IEnumerable<Placement> Valid(SchedulingProblem problem, IEnumerable<Placement> placements)
    {
        var requests = problem.Requests.ToDictionary(r => r.RequestId, StringComparer.Ordinal);
        var busy = new HashSet<(int, int)>();
        var tables = new HashSet<(int, int)>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in placements)
        {
            if (requests.TryGetValue(p.RequestId, out var r) && placed.Add(p.RequestId)
                && p.Slot >= 0 && p.Slot < problem.Slots && p.Table >= 0 && p.Table < problem.Tables
                && problem.AvailableSlots[r.First].Contains(p.Slot) && problem.AvailableSlots[r.Second].Contains(p.Slot)
                && !busy.Contains((r.First, p.Slot)) && !busy.Contains((r.Second, p.Slot)) && tables.Add((p.Slot, p.Table)))
            {
                busy.Add((r.First, p.Slot));
                busy.Add((r.Second, p.Slot));
                yield return p;
            }
        }
    }

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A random id (100 bits) with a one-letter prefix: participant ids say nothing about the registration.</summary>
    private static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }
        return prefix + new string(chars);
    }
}
