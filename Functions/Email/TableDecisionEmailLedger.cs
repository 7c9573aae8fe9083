using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Storage;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Decision emails sent, one row per decision in the clusters table's own partition <c>decision-emails</c>
/// (row <c>{clusterId}-{review time in ticks}</c>, ids only): inserting it claims the email, so a message
/// delivered twice sends once.
/// </summary>
public sealed class TableDecisionEmailLedger(StorageTables tables) : IDecisionEmailLedger
{
    private const string Partition = "decision-emails";

    public async Task<bool> ClaimAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Clusters, cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, RowKey(clusterId, reviewedAt)), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> IsClaimedAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Clusters, cancellationToken);
        return (await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(clusterId, reviewedAt), select: ["RowKey"], cancellationToken)).HasValue;
    }

    public async Task ReleaseAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Clusters, cancellationToken);
        await table.DeleteEntityAsync(Partition, RowKey(clusterId, reviewedAt), ETag.All, cancellationToken);
    }

    private static string RowKey(string clusterId, DateTimeOffset reviewedAt)
        => clusterId + "-" + reviewedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
