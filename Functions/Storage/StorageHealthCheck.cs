using Azure;

namespace ClustersCord.Functions.Storage;

/// <summary>Answers whether Table and Blob storage both answer, within a short time.</summary>
public sealed class StorageHealthCheck(StorageTables tables, StorageContainers containers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var table = await tables.GetAsync(TableNames.Health, timeout.Token);
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: timeout.Token).AsPages())
            {
                break;
            }
            var container = await containers.GetAsync(ContainerNames.Documents, timeout.Token);
            await container.GetPropertiesAsync(cancellationToken: timeout.Token);
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
