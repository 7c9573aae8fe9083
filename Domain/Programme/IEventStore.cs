namespace ClustersCord.Domain.Programme;

/// <summary>Where the programme is kept.</summary>
public interface IEventStore
{
    Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads the event as stored now (null when there is none; never an instance's cached copy), asks
    /// <paramref name="change"/> what to save, and saves it only if the row is still as read; otherwise reads
    /// again and asks again, so <paramref name="change"/> decides from its argument alone (what it stores
    /// elsewhere on a try that loses must be harmless: owed emails that name a sequence the event never
    /// reaches are not due). Gives up with a storage contention failure after a few tries.
    /// </summary>
    Task<T> UpdateAsync<T>(string eventId, Func<Event?, Task<EventChange<T>>> change, CancellationToken cancellationToken);
}

/// <summary>What an update answers, and the event to save (null: save nothing).</summary>
public sealed record EventChange<T>(T Result, Event? Save);
