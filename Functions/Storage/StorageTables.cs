using System.Collections.Concurrent;
using Azure.Data.Tables;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Hands out table clients, creating each table once on first use (Azurite starts empty; in Azure the
/// template creates them and the call is a cheap 409). A failed creation is retried by the next caller.
/// </summary>
public sealed class StorageTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new();
    private readonly string _prefix = options.Value.NamePrefix;

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        var fullName = _prefix + name;
        var lazy = _tables.GetOrAdd(fullName, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(fullName, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = service.GetTableClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
