using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Organisers' messages, one partition per event, one row per message; the ids sort newest first. The
/// subject and body per language are kept as JSON objects in two columns; the row holds no recipient, only
/// how many there were (who got it is in the registrations' sent-email records).
/// </summary>
public sealed class TableEventMessageStore(StorageTables tables) : IEventMessageStore
{
    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Messages, cancellationToken);

    public async Task SaveAsync(EventMessage message, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(message.EventId, message.Id)
        {
            ["SentAt"] = message.SentAt,
            ["SentBy"] = message.SentBy,
            ["To"] = Enums.Name(message.To),
            ["Subject"] = JsonSerializer.Serialize(message.Subject),
            ["Body"] = JsonSerializer.Serialize(message.Body),
            ["Recipients"] = message.Recipients,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<EventMessage?> GetAsync(string eventId, string messageId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, messageId, cancellationToken: cancellationToken);
        return row.HasValue ? ToMessage(row.Value!) : null;
    }

    public async Task<IReadOnlyList<EventMessage>> ListAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var list = new List<EventMessage>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}"), cancellationToken: cancellationToken))
        {
            list.Add(ToMessage(row));
        }
        return list;
    }

    private static EventMessage ToMessage(TableEntity row) => new()
    {
        Id = row.RowKey,
        EventId = row.PartitionKey,
        SentAt = row.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue,
        SentBy = row.GetString("SentBy") ?? "",
        To = Enums.Parse<MessageAudience>(row.GetString("To")) ?? MessageAudience.All,
        Subject = JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Subject") ?? "{}") ?? [],
        Body = JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Body") ?? "{}") ?? [],
        Recipients = row.GetInt32("Recipients") ?? 0,
    };
}
