namespace ClustersCord.Domain.Programme;

/// <summary>Where the programme is kept.</summary>
public interface IEventStore
{
    Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken);
    /// <summary>Saves the event; true for the one save that created it, whatever saves run at once.</summary>
    Task<bool> SaveAsync(Event programmeEvent, CancellationToken cancellationToken);
}
