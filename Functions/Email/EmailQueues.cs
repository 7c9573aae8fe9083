using Azure.Storage.Queues;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Email;

/// <summary>
/// The delivery queue and its poison queue (<c>{name}-poison</c>, where the Functions host moves a message
/// that failed <c>maxDequeueCount</c> times), each created once on first use like the tables.
/// </summary>
public sealed class EmailQueues(QueueServiceClient service, IOptions<EmailOptions> options)
{
    public const string PoisonSuffix = "-poison";

    private readonly CreatedOnce<QueueClient> _queues = new(async name =>
    {
        var client = service.GetQueueClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public string DeliveryName => options.Value.QueueName;

    public string PoisonName => options.Value.QueueName + PoisonSuffix;

    public Task<QueueClient> DeliveryAsync(CancellationToken cancellationToken) => _queues.GetAsync(DeliveryName, cancellationToken);

    public Task<QueueClient> PoisonAsync(CancellationToken cancellationToken) => _queues.GetAsync(PoisonName, cancellationToken);

    /// <summary>A queue by its full name (DevHost's poller: the name a trigger attribute resolves to).</summary>
    public Task<QueueClient> GetAsync(string name, CancellationToken cancellationToken) => _queues.GetAsync(name, cancellationToken);
}
