using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Storage;

/// <summary>Blob containers, one per purpose, created once on first use (private access only).</summary>
public sealed class StorageContainers(BlobServiceClient service, IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new();
    private readonly string _prefix = options.Value.NamePrefix;

    public async Task<BlobContainerClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        var fullName = _prefix + name;
        var lazy = _containers.GetOrAdd(fullName, n => new Lazy<Task<BlobContainerClient>>(() => CreateAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _containers.TryRemove(new KeyValuePair<string, Lazy<Task<BlobContainerClient>>>(fullName, lazy));
            throw;
        }
    }

    private async Task<BlobContainerClient> CreateAsync(string name)
    {
        var client = service.GetBlobContainerClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
