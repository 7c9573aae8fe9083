using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Programme;

public abstract record SaveEventOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : SaveEventOutcome;
    public sealed record CapacityBelowConfirmed(int Confirmed) : SaveEventOutcome;
    public sealed record Saved(EventView View, bool Created) : SaveEventOutcome;
}

/// <summary>The programme: listing events with their seats, and organisers creating or changing them.</summary>
public sealed class ProgrammeService(
    IEventStore events,
    IRegistrationStore registrations,
    RegistrationNotifier notifier,
    TimeProvider time)
{
    public async Task<IReadOnlyList<EventView>> ListAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        var all = await events.ListAsync(cancellationToken);
        var selected = all.Where(e => Matches(e, filter)).OrderBy(e => e.SortKey).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
        var seats = await Task.WhenAll(selected.Select(e => registrations.GetCapacityAsync(e.Id, cancellationToken)));
        var now = time.GetUtcNow();
        return selected.Select((e, i) => View(e, seats[i], now)).ToArray();
    }

    public async Task<EventView?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        if (!EventValidator.IsValidId(eventId))
        {
            return null;
        }
        var programmeEvent = await events.GetAsync(eventId, cancellationToken);
        return programmeEvent is null ? null
            : View(programmeEvent, await registrations.GetCapacityAsync(eventId, cancellationToken), time.GetUtcNow());
    }

    public async Task<SaveEventOutcome> SaveAsync(string eventId, EventInput input, CancellationToken cancellationToken)
    {
        var (programmeEvent, errors) = EventValidator.Validate(eventId, input);
        if (programmeEvent is null)
        {
            return new SaveEventOutcome.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var change = await registrations.SetCapacityAsync(eventId, programmeEvent.Capacity, now, cancellationToken);
        if (change.Refused)
        {
            return new SaveEventOutcome.CapacityBelowConfirmed(change.State.Confirmed);
        }
        var created = await events.SaveAsync(programmeEvent, cancellationToken);
        foreach (var promoted in change.Promoted)
        {
            await notifier.PromotedAsync(programmeEvent, promoted, cancellationToken);
        }
        return new SaveEventOutcome.Saved(View(programmeEvent, change.State, now), Created: created);
    }

    private static EventView View(Event programmeEvent, CapacityState? seats, DateTimeOffset now)
        => new(programmeEvent, seats ?? new CapacityState(programmeEvent.Capacity, 0, 0, 0), programmeEvent.IsRegistrationOpen(now));

    private static bool Matches(Event e, EventFilter filter)
        => (filter.Sector is not { } sector || e.Sectors.Contains(sector))
           && (filter.Type is not { } type || e.Type == type)
           && (filter.From is not { } from || (e.EndsAt ?? e.SortKey) >= from)
           && (filter.To is not { } to || e.SortKey <= to);
}
