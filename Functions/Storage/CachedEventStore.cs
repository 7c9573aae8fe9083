using System.Collections.Concurrent;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Keeps events read in this instance for a few seconds: a burst of registrations reads the same event
/// hundreds of times, and the programme changes a few times a year. Saves through this instance are seen
/// at once; a save on another instance within the lifetime may be seen that much later. Seats are never
/// cached (they live in the registrations partition, guarded by their ETag).
/// </summary>
public sealed class CachedEventStore(TableEventStore inner, TimeProvider time) : IEventStore
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (Event? Event, DateTimeOffset ReadAt)> _events = new(StringComparer.Ordinal);

    public async Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_events.TryGetValue(eventId, out var cached) && now - cached.ReadAt < Lifetime && cached.Event is not null)
        {
            return cached.Event;
        }
        var programmeEvent = await inner.GetAsync(eventId, cancellationToken);
        _events[eventId] = (programmeEvent, now);
        return programmeEvent;
    }

    public Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async Task SaveAsync(Event programmeEvent, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(programmeEvent, cancellationToken);
        _events[programmeEvent.Id] = (programmeEvent, time.GetUtcNow());
    }
}
