using Azure;
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
        return row.HasValue ? EventShape.ToDomain(JsonColumn.Read<StoredEvent>(row.Value!)) : null;
    }

    public async Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var events = new List<Event>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            events.Add(EventShape.ToDomain(JsonColumn.Read<StoredEvent>(row)));
        }
        return events;
    }

    /// <summary>
    /// Insert first, replace when the row exists: storage says which save created the event, so of
    /// concurrent creations exactly one is told "created" (an upsert cannot tell).
    /// </summary>
    public async Task<bool> SaveAsync(Event programmeEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = new TableEntity(Partition, programmeEvent.Id)
        {
            [JsonColumn.Name] = JsonColumn.Write(EventShape.ToStored(programmeEvent)),
            ["Type"] = StoredNames.EventType.Of(programmeEvent.Type),
            ["StartsAt"] = programmeEvent.StartsAt,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
            return false;
        }
    }
}
