using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>The people table: partition = hash of the email key, one row per registration id.</summary>
public sealed class TablePersonIndex(StorageTables tables) : IPersonIndex
{
    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.People, cancellationToken);

    public async Task AddAsync(string emailKey, string registrationId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(RegistrationKeys.EmailHash(emailKey), registrationId), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RegistrationIdsAsync(string emailKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegistrationKeys.EmailHash(emailKey)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }
        return ids;
    }

    public async Task RemoveAsync(string emailKey, string registrationId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.DeleteEntityAsync(RegistrationKeys.EmailHash(emailKey), registrationId, Azure.ETag.All, cancellationToken);
    }
}
