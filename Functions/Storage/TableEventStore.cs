using Azure.Data.Tables;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The programme in one partition of the events table: a handful of rows, listed in one query. Each
/// event is kept as JSON in one property (the shape is the domain's; nothing queries inside it).
/// </summary>
public sealed class TableEventStore(StorageTables tables) : IEventStore
{
    private const string Partition = "programme";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Events, cancellationToken);

    public async Task<Event?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, eventId, cancellationToken: cancellationToken);
        return row.HasValue ? JsonColumn.Read<Event>(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Event>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var events = new List<Event>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            events.Add(JsonColumn.Read<Event>(row));
        }
        return events;
    }

    public async Task SaveAsync(Event programmeEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, programmeEvent.Id)
        {
            [JsonColumn.Name] = JsonColumn.Write(programmeEvent),
            ["Type"] = programmeEvent.Type.ToString(),
            ["StartsAt"] = programmeEvent.StartsAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }
}
