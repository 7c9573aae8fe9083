using ClustersCord.Domain.Programme;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Keeps events read in this instance for a few seconds: a burst of registrations reads the same event
/// hundreds of times, and the programme changes a few times a year. Saves through this instance are seen
/// at once; a save on another instance within the lifetime may be seen that much later. Seats are never
/// cached (they live in the registrations partition, guarded by their ETag). Only events that exist are
/// kept, at most <see cref="MaxEvents"/> of them, so a crawler asking for made-up ids grows nothing.
/// </summary>
public sealed class CachedEventStore(TableEventStore inner, TimeProvider time) : IEventStore, IDisposable
{
    public const int MaxEvents = 1024;
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _events = new(new MemoryCacheOptions
    {
        SizeLimit = MaxEvents,
        Clock = new Clock(time),
        ExpirationScanFrequency = Lifetime,
    });

    /// <summary>How many events are held now (for the bound's test).</summary>
    public int Count => _events.Count;

    public async Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        if (_events.TryGetValue(eventId, out Event? cached))
        {
            return cached;
        }
        var programmeEvent = await inner.GetAsync(eventId, cancellationToken);
        Remember(programmeEvent);
        return programmeEvent;
    }

    public Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async Task<T> UpdateAsync<T>(string eventId, Func<Event?, Task<EventChange<T>>> change, CancellationToken cancellationToken)
    {
        // What the last try read and decided: the event as stored once the update returns.
        Event? stored = null;
        var result = await inner.UpdateAsync(eventId, async current =>
        {
            var decided = await change(current);
            stored = decided.Save ?? current;
            return decided;
        }, cancellationToken);
        Remember(stored);
        return result;
    }

    public void Dispose() => _events.Dispose();

    private void Remember(Event? programmeEvent)
    {
        if (programmeEvent is not null)
        {
            _events.Set(programmeEvent.Id, programmeEvent, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }
    }

    /// <summary>The cache's expiry follows the app's <see cref="TimeProvider"/>, as everything else does.</summary>
    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
