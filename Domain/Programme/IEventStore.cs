namespace ClustersCord.Domain.Programme;

/// <summary>Where the programme is kept.</summary>
public interface IEventStore
{
    Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken);
    Task SaveAsync(Event programmeEvent, CancellationToken cancellationToken);
}
