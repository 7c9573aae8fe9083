using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Cooperation records in one partition of the cooperation table (row = record id): five working groups
/// record tens to hundreds of actions over the project, so the work plan and the progress counts read the
/// partition once and filter in memory.
/// </summary>
public sealed class TableCooperationStore(StorageTables tables) : ICooperationStore
{
    private const string Partition = "record";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Cooperation, cancellationToken);

    public async Task AddAsync(CooperationRecord record, CancellationToken cancellationToken)
        => await (await TableAsync(cancellationToken)).AddEntityAsync(Row(record), cancellationToken);

    public async Task<Versioned<CooperationRecord>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return row.HasValue ? new Versioned<CooperationRecord>(ToDomain(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryReplaceAsync(CooperationRecord record, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await (await TableAsync(cancellationToken)).UpdateEntityAsync(Row(record), new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(string id, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await (await TableAsync(cancellationToken)).DeleteEntityAsync(Partition, id, new ETag(etag), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<CooperationRecord>> AllAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var records = new List<CooperationRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            records.Add(ToDomain(row));
        }
        return records;
    }

    private static TableEntity Row(CooperationRecord r) => new(Partition, r.Id)
    {
        [JsonColumn.Name] = JsonColumn.Write(new StoredCooperationRecord
        {
            Version = StoredCooperationRecord.Current,
            Id = r.Id,
            ClusterId = r.ClusterId,
            WorkingGroup = Enums.Name(r.WorkingGroup),
            Title = r.Title,
            Partners = r.Partners,
            NextStep = r.NextStep,
            DueMonth = r.DueMonth,
            Status = Enums.Name(r.Status),
            MeetingRequestId = r.MeetingRequestId,
            RecordedAt = r.RecordedAt,
            UpdatedAt = r.UpdatedAt,
        }),
    };

    private static CooperationRecord ToDomain(TableEntity row)
    {
        var s = JsonColumn.Read<StoredCooperationRecord>(row);
        return new CooperationRecord
        {
            Id = s.Id,
            ClusterId = s.ClusterId,
            WorkingGroup = Enums.Parse<Sector>(s.WorkingGroup) ?? throw new InvalidDataException($"A cooperation record has the unknown working group '{s.WorkingGroup}'."),
            Title = s.Title,
            Partners = s.Partners,
            NextStep = s.NextStep,
            DueMonth = s.DueMonth,
            Status = Enums.Parse<CooperationStatus>(s.Status) ?? throw new InvalidDataException($"A cooperation record has the unknown status '{s.Status}'."),
            MeetingRequestId = s.MeetingRequestId,
            RecordedAt = s.RecordedAt,
            UpdatedAt = s.UpdatedAt,
        };
    }
}
