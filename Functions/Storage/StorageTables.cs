using Azure.Data.Tables;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Storage;

/// <summary>The app's tables (<see cref="TableNames"/>), under the configured name prefix, created on first use.</summary>
public sealed class StorageTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly CreatedOnce<TableClient> _tables = new(async name =>
    {
        var client = service.GetTableClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
        => _tables.GetAsync(options.Value.NamePrefix + name, cancellationToken);
}
