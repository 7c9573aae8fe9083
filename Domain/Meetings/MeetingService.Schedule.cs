using ClustersCord.Domain.Email;
using ClustersCord.Domain.Meetings.Scheduling;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>The organisers' side: the published meetings, the grid, and the scheduler run that publishes placements.</summary>
public sealed partial class MeetingService
{
    /// <summary>The published meetings of an event, for organisers: slot order, then table.</summary>
    public async Task<MeetingResult<IReadOnlyList<ScheduledMeeting>>> MeetingsAsync(string eventId, CancellationToken cancellationToken)
    {
        var grid = await GridAsync(eventId, cancellationToken);
        return grid.Value is { } g ? MeetingResult<IReadOnlyList<ScheduledMeeting>>.Ok(g.Meetings)
            : MeetingResult<IReadOnlyList<ScheduledMeeting>>.Refused(grid.Refusal!.Value);
    }

    /// <summary>
    /// The organisers' grid: the event (for its time zone), every slot, the number of tables and the published
    /// meetings (slot order, then table), so empty slots and tables show too. A meeting whose slot has begun
    /// stays on it with its outcomes even when one side has cancelled since (it took place, or was to).
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
        var now = time.GetUtcNow();
        var requests = await store.RequestsAsync(eventId, cancellationToken);
        var standing = requests.Where(r => r is { Slot: { } s, Table: not null } && s < slots.Count && StateOf(r, people) == MeetingRequestState.Accepted).ToList();
        var kept = await KeptAfterLeavingAsync(eventId, people, requests, slots, now, cancellationToken);
        var placed = standing.Concat(requests.Where(r => kept.Contains(r.Id))).ToList();
        var items = placed
            .OrderBy(r => r.Slot).ThenBy(r => r.Table)
            .Select(r => new ScheduledMeeting(r.Id, [Summary(r.From, people), Summary(r.To, people)], programmeEvent.Local(slots[r.Slot!.Value].StartsAt),
                programmeEvent.Local(slots[r.Slot.Value].EndsAt), r.Table!.Value + 1,
                new[] { (r.From, r.FromOutcome), (r.To, r.ToOutcome) }.Where(o => o.Item2 is not null).Select(o => new ToldOutcome(o.Item1, o.Item2!)).ToArray()))
            .ToArray();
        return MeetingResult<MeetingGrid>.Ok(new MeetingGrid(programmeEvent, slots, meetings.Tables, items));
    }

    /// <summary>
    /// The ids of the accepted, placed requests a side has left (so read as ended) whose meeting had begun when
    /// that side cancelled (<see cref="MeetingAgendas.HadBegunWhenLeft"/>): they took place, so they stay on the
    /// organisers' list and the person's own list, with their outcomes (unnamed once that side is erased: erasure
    /// keeps when they cancelled). Adds the people who left to <paramref name="people"/>, so compute any
    /// <see cref="StateOf"/> before.
    /// </summary>
    private async Task<HashSet<string>> KeptAfterLeavingAsync(string eventId, Dictionary<string, Person> people, IReadOnlyList<MeetingRequest> requests,
        IReadOnlyList<MeetingSlot> slots, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var taking = people.Keys.ToHashSet(StringComparer.Ordinal);
        var begun = requests.Where(r => r is { State: MeetingRequestState.Accepted, IsPlaced: true } && r.HasBegun(slots, now)
                                        && StateOf(r, people) == MeetingRequestState.Ended).ToList();
        var leftAt = await AddFormerPeopleAsync(eventId, people, begun.SelectMany(r => new[] { r.From, r.To }), cancellationToken);
        return begun.Where(r => new[] { r.From, r.To }.Where(id => !taking.Contains(id)).All(id =>
                MeetingAgendas.HadBegunWhenLeft(slots[r.Slot!.Value].StartsAt, leftAt.GetValueOrDefault(id))))
            .Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether one request is among those kept after a side left (as <c>KeptAfterLeavingAsync</c>); leaves <paramref name="people"/> as it is.</summary>
    private async Task<bool> IsKeptAfterLeavingAsync(string eventId, IReadOnlyDictionary<string, Person> people, string requestId,
        IReadOnlyList<MeetingSlot> slots, DateTimeOffset now, CancellationToken cancellationToken)
        => await store.GetRequestAsync(eventId, requestId, cancellationToken) is { } request
           && (await KeptAfterLeavingAsync(eventId, new Dictionary<string, Person>(people, StringComparer.Ordinal), [request], slots, now, cancellationToken)).Count > 0;

    /// <summary>
    /// Adds to <paramref name="people"/> those of <paramref name="participantIds"/> who no longer take part (a
    /// cancelled registration), by name while their registration is not anonymised: they are named on the
    /// meetings that took place before they left. An erased person stays unnamed. Answers when each of them
    /// cancelled (erased ones too), by participant.
    /// </summary>
    private async Task<Dictionary<string, DateTimeOffset?>> AddFormerPeopleAsync(string eventId, Dictionary<string, Person> people,
        IEnumerable<string> participantIds, CancellationToken cancellationToken)
    {
        var leftAt = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var missing = participantIds.Where(id => !people.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0)
        {
            return leftAt;
        }
        var catalogued = await catalogue.SnapshotAsync(cancellationToken);
        foreach (var profile in (await store.ProfilesAsync(eventId, cancellationToken)).Where(p => missing.Contains(p.ParticipantId)))
        {
            var registration = await registrations.GetAsync(profile.RegistrationId, cancellationToken);
            leftAt[profile.ParticipantId] = registration?.CancelledAt;
            if (registration is { AnonymisedAt: null })
            {
                people[profile.ParticipantId] = new Person(profile with { ClusterId = Shown(profile.ClusterId, catalogued) }, registration);
            }
        }
        return leftAt;
    }

    /// <summary>
    /// Runs the scheduler over the accepted requests and publishes its placements, keeping published ones
    /// where they still fit. Slots that have begun are left as they are: nothing is placed in them, and a
    /// meeting placed in one keeps its place. The placements are written under the requests' ETags, in transactions, and only
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
        if (Closed(programmeEvent) is { } closed)
        {
            return MeetingResult<ScheduleReport>.Refused(closed);
        }
        var now = time.GetUtcNow();
        if (await store.ClaimScheduleRunAsync(eventId, now, now + settings.SolverTime + TimeSpan.FromMinutes(2), cancellationToken) is not { } run)
        {
            return MeetingResult<ScheduleReport>.Refused(MeetingRefusal.ScheduleRunning);
        }
        try
        {
            // Read again under the lease: an event change that moved the grid before the lease was taken is seen
            // here (it holds the same lease while it checks and saves).
            programmeEvent = await events.GetAsync(eventId, cancellationToken);
            if (programmeEvent is null)
            {
                return MeetingResult<ScheduleReport>.Refused(MeetingRefusal.NotFound);
            }
            if (Closed(programmeEvent) is { } refusal)
            {
                return MeetingResult<ScheduleReport>.Refused(refusal);
            }
            return MeetingResult<ScheduleReport>.Ok(await RunAsync(programmeEvent, programmeEvent.Meetings!, run, now, cancellationToken));
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
        // A slot that has begun is history: nothing new goes into it, and what is placed in it stays (with its outcomes).
        var begun = slots.Where(s => s.StartsAt <= now).Select(s => s.Index).ToHashSet();
        bool InBegunSlot(MeetingRequest r) => r.Slot is { } slot && begun.Contains(slot);
        var available = index.Keys.OrderBy(id => index[id])
            .Select(id => (IReadOnlySet<int>)slots.Where(s => people[id].Profile.Sessions.Contains(s.Session) && !begun.Contains(s.Index)).Select(s => s.Index).ToHashSet())
            .ToArray();
        var toPlace = requests.Where(r => StateOf(r, people) == MeetingRequestState.Accepted && !InBegunSlot(r)).ToArray();
        var problem = new SchedulingProblem(
            slots.Count, meetings.Tables, available,
            toPlace.Select(r => new RequestToPlace(r.Id, index[r.From], index[r.To])).ToArray(),
            toPlace.Where(r => r.Slot is not null && r.Table is not null).Select(r => new Placement(r.Id, r.Slot!.Value, r.Table!.Value)).ToArray());
        var result = scheduler.Schedule(problem, settings.SolverTime, cancellationToken);
        var target = Valid(problem, result.Placements).ToDictionary(p => p.RequestId, StringComparer.Ordinal);
        // Every request whose place changes: new, moved, or off the schedule (no longer wanted or no longer accepted).
        var changes = requests.Where(r => !InBegunSlot(r))
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
        var keptInBegun = requests.Count(r => InBegunSlot(r) && StateOf(r, people) == MeetingRequestState.Accepted);
        var scheduled = requests.Count(r => !changing.Contains(r.Id) && target.ContainsKey(r.Id)) + keptInBegun + written.Count(r => r.IsPlaced);
        await Task.WhenAll(emails.Select(e => notifier.OwedAsync(e, cancellationToken)));
        // The scheduler's bound covers what it could place; the meetings kept in begun slots count on both sides.
        return new ScheduleReport(scheduled, result.UpperBound + keptInBegun, result.Optimal, result.Greedy, result.Elapsed.TotalSeconds, emails.Length);
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
}
