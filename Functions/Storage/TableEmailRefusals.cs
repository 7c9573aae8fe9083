using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Email;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Refused emails in the <see cref="TableNames.EmailRefusals"/> table: one partition (refusals are few),
/// row = the refusal's id; ids only, never an address or a name.
/// </summary>
public sealed class TableEmailRefusals(StorageTables tables) : IEmailRefusalStore
{
    private const string Partition = "refused";

    public async Task RecordAsync(EmailRefusal refusal, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.EmailRefusals, cancellationToken);
        var entity = new TableEntity(Partition, refusal.Id)
        {
            ["Kind"] = refusal.Kind,
            ["EventId"] = refusal.EventId,
            ["RegistrationId"] = refusal.RegistrationId,
            ["Instance"] = refusal.Instance,
            ["ClusterId"] = refusal.ClusterId,
            ["ReviewedAt"] = refusal.ReviewedAt,
            ["StatusCode"] = refusal.StatusCode,
            ["RefusedAt"] = refusal.RefusedAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<EmailRefusal>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.EmailRefusals, cancellationToken);
        var list = new List<EmailRefusal>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            list.Add(From(entity));
        }
        return list.OrderBy(r => r.RefusedAt).ToArray();
    }

    public async Task<EmailRefusal?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.EmailRefusals, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? From(entity) : null;
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.EmailRefusals, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already.
        }
    }

    public async Task<int> ForgetRegistrationsAsync(IReadOnlyCollection<string> registrationIds, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var refusal in await ListAsync(cancellationToken))
        {
            if (refusal.RegistrationId is { } id && registrationIds.Contains(id))
            {
                await RemoveAsync(refusal.Id, cancellationToken);
                removed++;
            }
        }
        return removed;
    }

    private static EmailRefusal From(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Kind") ?? "",
        entity.GetString("EventId"),
        entity.GetString("RegistrationId"),
        entity.GetString("Instance"),
        entity.GetString("ClusterId"),
        entity.GetDateTimeOffset("ReviewedAt"),
        entity.GetInt32("StatusCode"),
        entity.GetDateTimeOffset("RefusedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);
}
