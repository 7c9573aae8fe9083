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

    /// <summary>Tries of a save that other saves keep changing the row under.</summary>
    private const int MaxSaveAttempts = 8;

    /// <summary>
    /// Inserts when there is no row, else replaces the row as just read, under its ETag: storage says which save
    /// created the event, so of concurrent creations exactly one is told "created" (an upsert cannot tell), and
    /// a save that read the event before its cancellation cannot bring it back.
    /// </summary>
    public async Task<EventSaved> SaveAsync(Event programmeEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = new TableEntity(Partition, programmeEvent.Id)
        {
            [JsonColumn.Name] = JsonColumn.Write(EventShape.ToStored(programmeEvent)),
            ["Type"] = StoredNames.EventType.Of(programmeEvent.Type),
            ["StartsAt"] = programmeEvent.StartsAt,
        };
        for (var attempt = 1; ; attempt++)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(Partition, programmeEvent.Id, cancellationToken: cancellationToken);
            try
            {
                if (!stored.HasValue)
                {
                    await table.AddEntityAsync(row, cancellationToken);
                    return EventSaved.Created;
                }
                if (programmeEvent.Status != EventStatus.Cancelled
                    && EventShape.ToDomain(JsonColumn.Read<StoredEvent>(stored.Value!)).Status == EventStatus.Cancelled)
                {
                    return EventSaved.StillCancelled;
                }
                await table.UpdateEntityAsync(row, stored.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return EventSaved.Replaced;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxSaveAttempts)
            {
                // Created or changed by another save since the read: read again.
            }
        }
    }
}
