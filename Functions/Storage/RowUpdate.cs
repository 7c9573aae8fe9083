using Azure;
using Azure.Data.Tables;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// A read-modify-write of one row under its ETag: reads the row, asks what to write, adds it (there was no row)
/// or replaces it only if it is still as read. After a 409 or 412 it reads and asks again, after a short jittered
/// pause, at most <c>maxAttempts</c> times; then it gives up with the failure <c>exhausted</c> makes (a storage
/// contention failure, which the routes answer 503). So concurrent changes of one row never undo each other.
/// </summary>
internal static class RowUpdate
{
    public static async Task<T> RunAsync<T>(TableClient table, string partitionKey, string rowKey,
        Func<TableEntity?, Task<(T Result, TableEntity? Write)>> decide, int maxAttempts, Func<RequestFailedException, Exception> exhausted,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            var current = stored.HasValue ? stored.Value : null;
            var (result, write) = await decide(current);
            if (write is null)
            {
                return result;
            }
            if (write.PartitionKey != partitionKey || write.RowKey != rowKey)
            {
                throw new InvalidOperationException("An update writes the row it read.");
            }
            try
            {
                if (current is null)
                {
                    await table.AddEntityAsync(write, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(write, current.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return result;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                if (attempt >= maxAttempts)
                {
                    throw exhausted(e);
                }
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken);
            }
        }
    }
}
