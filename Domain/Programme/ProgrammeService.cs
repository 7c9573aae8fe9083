using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Programme;

public abstract record SaveEventOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : SaveEventOutcome;
    public sealed record CapacityBelowConfirmed(int Confirmed) : SaveEventOutcome;
    /// <summary>The change would move or drop published meetings (see <see cref="MeetingSettings.KeepsPlaces"/>).</summary>
    public sealed record MeetingsScheduled(int Scheduled, int TablesInUse) : SaveEventOutcome;
    /// <summary>The meetings grid would change while a scheduler run is publishing on it.</summary>
    public sealed record MeetingsBeingScheduled : SaveEventOutcome;
    /// <summary>The event is cancelled: it is never published or changed again.</summary>
    public sealed record EventCancelled : SaveEventOutcome;
    /// <param name="Notified">How many registrants were owed a notice of a changed time or place.</param>
    public sealed record Saved(EventView View, bool Created, int Notified = 0) : SaveEventOutcome;
}

/// <summary>An event as organisers see it: drafts and cancelled ones too, with its counts.</summary>
public sealed record ManagedEventView(Event Event, CapacityState Seats, int CheckedIn, bool IsRegistrationOpen);

/// <summary>
/// The programme: listing events with their seats, organisers creating, changing and cancelling them,
/// and telling the registrants when the time or place changes or the event is cancelled.
/// </summary>
public sealed class ProgrammeService(
    IEventStore events,
    IRegistrationStore registrations,
    IOwedEmailStore owedEmails,
    RegistrationNotifier notifier,
    Meetings.IMeetingStore meetings,
    TimeProvider time)
{
    /// <summary>
    /// How long a save that changes the meetings grid holds the scheduler's lease: far longer than the check and
    /// the save take (it is released when they end), and short enough that a save whose process died blocks
    /// scheduler runs and other grid changes of that event for at most this long.
    /// </summary>
    private static readonly TimeSpan GridChangeLease = TimeSpan.FromMinutes(1);

    /// <summary>The public programme: drafts left out.</summary>
    public async Task<IReadOnlyList<EventView>> ListAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        var all = await events.ListAsync(cancellationToken);
        var selected = all.Where(e => e.IsPublic && Matches(e, filter)).OrderBy(e => e.SortKey).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
        var seats = await Task.WhenAll(selected.Select(e => registrations.GetCapacityAsync(e.Id, cancellationToken)));
        var now = time.GetUtcNow();
        return selected.Select((e, i) => View(e, seats[i], now)).ToArray();
    }

    /// <summary>One event of the public programme; null for a draft, as for an unknown id.</summary>
    public async Task<EventView?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        if (!EventValidator.IsValidId(eventId))
        {
            return null;
        }
        var programmeEvent = await events.GetAsync(eventId, cancellationToken);
        return programmeEvent is null || !programmeEvent.IsPublic ? null
            : View(programmeEvent, await registrations.GetCapacityAsync(eventId, cancellationToken), time.GetUtcNow());
    }

    /// <summary>
    /// Every event, drafts and cancelled ones included: those not yet over first (soonest first), then
    /// those that are over (most recent first).
    /// </summary>
    public async Task<IReadOnlyList<ManagedEventView>> ListManagedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var all = await events.ListAsync(cancellationToken);
        var upcoming = all.Where(e => !e.IsPast(now)).OrderBy(e => e.SortKey).ThenBy(e => e.Id, StringComparer.Ordinal);
        var past = all.Where(e => e.IsPast(now)).OrderByDescending(e => e.SortKey).ThenBy(e => e.Id, StringComparer.Ordinal);
        return await Task.WhenAll(upcoming.Concat(past).Select(e => ManagedAsync(e, now, cancellationToken)));
    }

    public async Task<ManagedEventView?> GetManagedAsync(string eventId, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        return programmeEvent is null ? null : await ManagedAsync(programmeEvent, time.GetUtcNow(), cancellationToken);
    }

    public async Task<SaveEventOutcome> SaveAsync(string eventId, EventInput input, CancellationToken cancellationToken)
    {
        var (programmeEvent, errors) = EventValidator.Validate(eventId, input);
        if (programmeEvent is null)
        {
            return new SaveEventOutcome.Invalid(errors);
        }
        if ((await events.GetAsync(eventId, cancellationToken))?.Status == EventStatus.Cancelled)
        {
            return new SaveEventOutcome.EventCancelled();
        }
        return await OneChangeAtATimeAsync(eventId, () => SaveCheckedAsync(eventId, programmeEvent), cancellationToken);
    }

    /// <summary>
    /// Sets the seats, owes the notices of a changed time or place, and saves the event, decided on the event as
    /// stored (<see cref="IEventStore.UpdateAsync{T}"/>): a change that read it before another save, or before its
    /// cancellation, is decided again, so the last change answered 200 is the one kept, with its capacity in the
    /// seats. Not on the caller's token: once the seats change, the event is saved too, even if the caller left.
    /// </summary>
    private async Task<SaveEventOutcome> SaveCheckedAsync(string eventId, Event programmeEvent)
    {
        var done = CancellationToken.None;
        var now = time.GetUtcNow();
        var promoted = new List<Registration>(); // by every try: a seat given is given, whatever the try's save did
        IReadOnlyList<PendingEmail> notices = [];
        int? lease = null;
        try
        {
            var outcome = await events.UpdateAsync<SaveEventOutcome>(eventId, async existing =>
            {
                notices = [];
                if (existing?.Status == EventStatus.Cancelled)
                {
                    return new(new SaveEventOutcome.EventCancelled(), null);
                }
                if (existing?.Meetings is { } before && programmeEvent.Meetings?.KeepsPlaces(before, before.Tables) != true)
                {
                    // The meetings grid changes: the scheduler's lease keeps a run from publishing on the old grid
                    // meanwhile (a run reads the event once it holds the lease), and the placements are checked under it.
                    lease ??= await meetings.ClaimScheduleRunAsync(eventId, now, now + GridChangeLease, done);
                    if (lease is null)
                    {
                        return new(new SaveEventOutcome.MeetingsBeingScheduled(), null);
                    }
                    if (await MeetingsInTheWayAsync(eventId, before, programmeEvent.Meetings, done) is { } inTheWay)
                    {
                        return new(inTheWay, null);
                    }
                }
                var moved = existing is not null && existing.DiffersInTimeOrPlace(programmeEvent);
                var version = programmeEvent with { Sequence = (existing?.Sequence ?? 0) + (moved ? 1 : 0) };
                var change = await registrations.SetCapacityAsync(eventId, version.Capacity, now, done);
                promoted.AddRange(change.Promoted);
                if (change.State.Closed)
                {
                    if (existing is null)
                    {
                        return new(new SaveEventOutcome.EventCancelled(), null);
                    }
                    // Being cancelled (its seats close first), or a cancellation whose process stopped before it saved
                    // the event: this change finishes it, and the registrants are told.
                    var cancelled = Cancelled(existing, change.State);
                    notices = await OweAsync(cancelled, RegistrationEmailKind.EventCancelled, Instance(cancelled.Sequence), r => r.IsActive, now, done);
                    return new(new SaveEventOutcome.EventCancelled(), cancelled);
                }
                if (change.Refused)
                {
                    return new(new SaveEventOutcome.CapacityBelowConfirmed(change.State.Confirmed), null);
                }
                // Owed before the change is saved: a save that fails leaves notices of a sequence the event never
                // reached, which delivery drops; a change saved always has its notices stored.
                notices = moved
                    ? await OweAsync(version, RegistrationEmailKind.EventChanged, Instance(version.Sequence), r => r.IsActive, now, done)
                    : [];
                return new(new SaveEventOutcome.Saved(View(version, change.State, now), Created: existing is null, Notified: notices.Count), version);
            }, done);
            foreach (var person in promoted)
            {
                await notifier.PromotedAsync(programmeEvent, person, done);
            }
            await QueueAsync(notices, done);
            return outcome;
        }
        finally
        {
            if (lease is { } held)
            {
                await meetings.ReleaseScheduleRunAsync(eventId, held, done);
            }
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _changing = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs saves and cancellations of one event one after another in this instance, so that a burst of them
    /// does not spend its tries on each other's ETags (the programme holds a handful of events: a gate each).
    /// </summary>
    private async Task<T> OneChangeAtATimeAsync<T>(string eventId, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        var gate = _changing.GetOrAdd(eventId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await change();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Refuses a meetings setting that would move or drop published meetings: they are stored by slot number
    /// and table, and nobody would be told.
    /// </summary>
    private async Task<SaveEventOutcome.MeetingsScheduled?> MeetingsInTheWayAsync(string eventId, MeetingSettings before, MeetingSettings? after, CancellationToken cancellationToken)
    {
        var placed = (await meetings.RequestsAsync(eventId, cancellationToken)).Where(r => r.IsPlaced).ToList();
        var tablesInUse = placed.Count == 0 ? 0 : placed.Max(r => r.Table!.Value) + 1;
        return placed.Count == 0 || after is not null && after.KeepsPlaces(before, tablesInUse)
            ? null
            : new SaveEventOutcome.MeetingsScheduled(placed.Count, tablesInUse);
    }

    /// <summary>
    /// Cancels an event: it stays in the programme as cancelled, registration closes, and every active
    /// registrant (confirmed and waiting) is owed an email with the calendar file that removes it. Null for
    /// an unknown event; cancelling again changes nothing and owes nothing.
    /// </summary>
    public async Task<ManagedEventView?> CancelAsync(string eventId, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (programmeEvent is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (programmeEvent.Status == EventStatus.Cancelled)
        {
            return await ManagedAsync(programmeEvent, now, cancellationToken);
        }
        // Closed first, in the partition: an admission by an instance that still reads the event as published
        // is refused from here on, so the notices below reach everyone admitted; and the seats keep the capacity
        // they closed with, which the cancelled event records.
        // Not on the caller's token from here: a cancellation begun is finished, even if the caller left.
        var done = CancellationToken.None;
        var seats = await registrations.CloseAsync(eventId, done);
        IReadOnlyList<PendingEmail> notices = [];
        var cancelled = await OneChangeAtATimeAsync(eventId, () => events.UpdateAsync<Event?>(eventId, async current =>
        {
            notices = [];
            if (current is null or { Status: EventStatus.Cancelled })
            {
                return new(current, null); // cancelled by another request meanwhile: its notices are owed
            }
            // On the event as it stands: a change saved since the read above is kept, and its notices' sequence passed.
            var next = Cancelled(current, seats);
            notices = await OweAsync(next, RegistrationEmailKind.EventCancelled, Instance(next.Sequence), r => r.IsActive, now, done);
            return new(next, next);
        }, done), done);
        await QueueAsync(notices, done);
        return await ManagedAsync(cancelled ?? programmeEvent, now, done);
    }

    /// <summary>The event as cancelled: a later sequence, and the capacity its seats closed with.</summary>
    private static Event Cancelled(Event current, CapacityState? seats)
        => current with { Status = EventStatus.Cancelled, Sequence = current.Sequence + 1, Capacity = seats?.Capacity ?? current.Capacity };

    /// <summary>Stores an email for each registrant <paramref name="selects"/> (batched), before anything is queued.</summary>
    internal async Task<IReadOnlyList<PendingEmail>> OweAsync(Event programmeEvent, RegistrationEmailKind kind, string instance,
        Func<Registration, bool> selects, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owed = new List<PendingEmail>();
        await foreach (var registration in registrations.AllAsync(programmeEvent.Id, cancellationToken))
        {
            if (registration.AnonymisedAt is null && selects(registration))
            {
                owed.Add(new PendingEmail(registration.Id, kind, instance));
            }
        }
        if (owed.Count > 0)
        {
            await owedEmails.OweAsync(programmeEvent.Id, owed, now, cancellationToken);
        }
        return owed;
    }

    /// <summary>Queues stored emails; the queue gathers them into few messages, and never throws (the sweep is the backstop).</summary>
    internal Task QueueAsync(IReadOnlyList<PendingEmail> owed, CancellationToken cancellationToken)
        => Task.WhenAll(owed.Select(email => notifier.OwedAsync(email, cancellationToken)));

    private static string Instance(int sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ManagedEventView> ManagedAsync(Event programmeEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seats = await registrations.GetCapacityAsync(programmeEvent.Id, cancellationToken);
        var checkedIn = 0;
        if (seats is { Confirmed: > 0 })
        {
            await foreach (var registration in registrations.AllAsync(programmeEvent.Id, cancellationToken))
            {
                if (registration.Status == RegistrationStatus.Confirmed && registration.CheckedInAt is not null)
                {
                    checkedIn++;
                }
            }
        }
        var view = View(programmeEvent, seats, now);
        return new ManagedEventView(programmeEvent, view.Seats, checkedIn, view.IsRegistrationOpen);
    }

    /// <summary>Open to registration as the event says, unless its seats are closed: cancelled since this instance read the event.</summary>
    private static EventView View(Event programmeEvent, CapacityState? seats, DateTimeOffset now)
        => new(programmeEvent, seats ?? new CapacityState(programmeEvent.Capacity, 0, 0, 0), programmeEvent.IsRegistrationOpen(now) && seats?.Closed != true);

    private static bool Matches(Event e, EventFilter filter)
        => (filter.Sector is not { } sector || e.Sectors.Contains(sector))
           && (filter.Type is not { } type || e.Type == type)
           && (filter.From is not { } from || (e.EndsAt ?? e.SortKey) >= from)
           && (filter.To is not { } to || e.SortKey <= to);
}
