using Azure.Data.Tables;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The programme in one partition of the events table: a handful of rows, listed in one query. Each
/// event is kept as JSON in one property, in its storage shape (<see cref="StoredEvent"/>; nothing queries inside it).
/// </summary>
public sealed class TableEventStore(StorageTables tables) : IEventStore
{
    private const string Partition = "programme";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Events, cancellationToken);

    public async Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, eventId, cancellationToken: cancellationToken);
        return row.HasValue ? ToEvent(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var events = new List<Event>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            events.Add(ToEvent(row));
        }
        return events;
    }

    /// <summary>Tries of an update that other saves keep changing the row under.</summary>
    private const int MaxUpdateAttempts = 8;

    /// <summary>
    /// Inserts when there was no row, else replaces the row as read, under its ETag: of concurrent creations
    /// exactly one finds no row and adds it (the others read again), and a change decided on a read from
    /// before another save (a cancellation) is decided again on the event as it now stands.
    /// </summary>
    public async Task<T> UpdateAsync<T>(string eventId, Func<Event?, Task<EventChange<T>>> change, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        return await RowUpdate.RunAsync(table, Partition, eventId, async row =>
        {
            var decided = await change(row is null ? null : ToEvent(row));
            return (decided.Result, decided.Save is { } save ? Row(save) : null);
        }, MaxUpdateAttempts, e => StorageContentionException.ConflictsExhausted(eventId, e), cancellationToken);
    }

    private static Event ToEvent(TableEntity row) => EventShape.ToDomain(JsonColumn.Read<StoredEvent>(row));

    private static TableEntity Row(Event programmeEvent) => new(Partition, programmeEvent.Id)
    {
        [JsonColumn.Name] = JsonColumn.Write(EventShape.ToStored(programmeEvent)),
        ["Type"] = StoredNames.EventType.Of(programmeEvent.Type),
        ["StartsAt"] = programmeEvent.StartsAt,
    };
}
