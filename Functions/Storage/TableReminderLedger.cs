using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Reminders;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Reminder records in the reminders table: partition = event id, row key = the registration's row key
/// and the offset (<c>r-…|P7D</c>), so a page of registrations maps to one key range. Writes are
/// conditional: a new record is an insert (fails if another run inserted it), an existing one is
/// replaced under the ETag it was read with. Up to 100 go in one transaction; if one of them was taken
/// meanwhile, the others are written one by one.
/// </summary>
public sealed class TableReminderLedger(StorageTables tables) : IReminderLedger
{
    private const int TransactionLimit = 100;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Reminders, cancellationToken);

    public async Task<IReadOnlyDictionary<(string RegistrationId, string Offset), ReminderRecord>> ForEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var records = new Dictionary<(string, string), ReminderRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}"), cancellationToken: cancellationToken))
        {
            var record = ToRecord(row);
            records[(record.RegistrationId, record.Offset)] = record;
        }
        return records;
    }

    public async Task<IReadOnlyList<ReminderRecord>> ForRegistrationsAsync(string eventId, IReadOnlyList<string> registrationIds, CancellationToken cancellationToken)
    {
        if (registrationIds.Count == 0)
        {
            return [];
        }
        var table = await TableAsync(cancellationToken);
        var keys = registrationIds.Select(RegistrationKeys.Registration).Order(StringComparer.Ordinal).ToArray();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {keys[0]} and RowKey lt {keys[^1] + "|~"}");
        var wanted = registrationIds.ToHashSet(StringComparer.Ordinal);
        var records = new List<ReminderRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var record = ToRecord(row);
            if (wanted.Contains(record.RegistrationId))
            {
                records.Add(record);
            }
        }
        return records;
    }

    public async Task<IReadOnlyList<ReminderRecord>> TryWriteAsync(IReadOnlyList<ReminderRecord> records, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var written = new List<ReminderRecord>(records.Count);
        foreach (var partition in records.GroupBy(r => r.EventId))
        {
            foreach (var chunk in partition.Chunk(TransactionLimit))
            {
                try
                {
                    var response = await table.SubmitTransactionAsync(chunk.Select(Action), cancellationToken);
                    written.AddRange(chunk.Select((r, i) => r with { Version = response.Value[i].Headers.ETag?.ToString() }));
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
                {
                    // Someone else holds at least one of them: write the rest one by one.
                    foreach (var record in chunk)
                    {
                        if (await TryWriteOneAsync(table, record, cancellationToken) is { } one)
                        {
                            written.Add(one);
                        }
                    }
                }
            }
        }
        return written;
    }

    public async Task<int> ForgetAsync(string eventId, IReadOnlyCollection<string> registrationIds, CancellationToken cancellationToken)
    {
        if (registrationIds.Count == 0)
        {
            return 0;
        }
        var table = await TableAsync(cancellationToken);
        var keys = registrationIds.Select(RegistrationKeys.Registration).Order(StringComparer.Ordinal).ToArray();
        var wanted = registrationIds.ToHashSet(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {keys[0]} and RowKey lt {keys[^1] + "|~"}");
        var doomed = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "RegistrationId"], cancellationToken: cancellationToken))
        {
            if (row.GetString("RegistrationId") is { } id && wanted.Contains(id))
            {
                doomed.Add(new TableEntity(eventId, row.RowKey));
            }
        }
        var deleted = 0;
        foreach (var chunk in doomed.Chunk(TransactionLimit))
        {
            // Unconditional: whatever a run wrote meanwhile goes too. One by one if a row vanished meanwhile.
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                deleted += chunk.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var row in chunk)
                {
                    var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                    deleted += response.Status == 404 ? 0 : 1;
                }
            }
        }
        return deleted;
    }

    private static async Task<ReminderRecord?> TryWriteOneAsync(TableClient table, ReminderRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var response = record.Version is null
                ? await table.AddEntityAsync(ToEntity(record), cancellationToken)
                : await table.UpdateEntityAsync(ToEntity(record), new ETag(record.Version), TableUpdateMode.Replace, cancellationToken);
            return record with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    private static TableTransactionAction Action(ReminderRecord record) => record.Version is null
        ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(record))
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(record), new ETag(record.Version));

    private static TableEntity ToEntity(ReminderRecord r) => new(r.EventId, RegistrationKeys.Registration(r.RegistrationId) + "|" + r.Offset)
    {
        ["RegistrationId"] = r.RegistrationId,
        ["Offset"] = r.Offset,
        ["DueAt"] = r.DueAt,
        ["Status"] = Enums.Name(r.Status),
        ["ClaimedBy"] = r.ClaimedBy,
        ["ClaimedAt"] = r.ClaimedAt,
        ["SentAt"] = r.SentAt,
        ["Attempts"] = r.Attempts,
        ["Reason"] = r.Reason is { Length: > 1000 } reason ? reason[..1000] : r.Reason,
    };

    private static ReminderRecord ToRecord(TableEntity e) => new()
    {
        EventId = e.PartitionKey,
        RegistrationId = e.GetString("RegistrationId"),
        Offset = e.GetString("Offset"),
        DueAt = e.GetDateTimeOffset("DueAt") ?? default,
        Status = Enums.Parse<ReminderStatus>(e.GetString("Status")) ?? ReminderStatus.Pending,
        ClaimedBy = e.GetString("ClaimedBy"),
        ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        Attempts = e.GetInt32("Attempts") ?? 0,
        Reason = e.GetString("Reason"),
        Version = e.ETag.ToString(),
    };
}
