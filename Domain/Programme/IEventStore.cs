namespace ClustersCord.Domain.Programme;

/// <summary>Where the programme is kept.</summary>
public interface IEventStore
{
    Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken);
    /// <summary>
    /// Saves the event: <see cref="EventSaved.Created"/> for the one save that created it, whatever saves run at
    /// once; <see cref="EventSaved.StillCancelled"/>, saving nothing, when the stored event is cancelled and this
    /// version is not (a cancellation is final, also against a save that read the event before it).
    /// </summary>
    Task<EventSaved> SaveAsync(Event programmeEvent, CancellationToken cancellationToken);
}

public enum EventSaved
{
    Created,
    Replaced,
    StillCancelled,
}
