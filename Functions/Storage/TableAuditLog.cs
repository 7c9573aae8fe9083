using System.Security.Cryptography;
using Azure.Data.Tables;
using ClustersCord.Domain.Audit;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The audit log in one partition (organisers' changes are a few hundred a day at most); row keys are
/// inverted ticks (then an inverted count of this instance's entries), so a query reads newest first, and a random tail, so instances writing at once never collide.
/// </summary>
public sealed class TableAuditLog(StorageTables tables) : IAuditLog
{
    private const string Partition = "log";

    /// <summary>Entries of the same tick from this instance still read newest first.</summary>
    private static long _written;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Audit, cancellationToken);

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rowKey = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{long.MaxValue - Interlocked.Increment(ref _written):D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        await table.AddEntityAsync(new TableEntity(Partition, rowKey)
        {
            ["At"] = entry.At,
            ["Who"] = entry.Who,
            ["Action"] = entry.Action,
            ["Target"] = entry.Target,
            ["Status"] = entry.Status,
        }, cancellationToken);
    }

    public async Task<Page<AuditEntry>> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var page = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize)
            .FirstAsync(cancellationToken);
        return new Page<AuditEntry>(page.Values.Select(row => new AuditEntry(
            row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            row.GetString("Who") ?? "",
            row.GetString("Action") ?? "",
            row.GetString("Target") ?? "",
            row.GetInt32("Status") ?? 0)).ToArray(), page.ContinuationToken);
    }
}
