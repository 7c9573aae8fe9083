using Azure.Storage.Blobs;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Storage;

/// <summary>Blob containers, one per purpose (<see cref="ContainerNames"/>), private, created on first use.</summary>
public sealed class StorageContainers(BlobServiceClient service, IOptions<StorageOptions> options)
{
    private readonly CreatedOnce<BlobContainerClient> _containers = new(async name =>
    {
        var client = service.GetBlobContainerClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<BlobContainerClient> GetAsync(string name, CancellationToken cancellationToken)
        => _containers.GetAsync(options.Value.NamePrefix + name, cancellationToken);
}
