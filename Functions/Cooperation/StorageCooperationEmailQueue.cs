using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Email;

namespace ClustersCord.Functions.Cooperation;

/// <summary>Puts an owed introduction email on the delivery queue: its id only (see <see cref="EmailQueueMessage.IntroductionId"/>).</summary>
public sealed class StorageCooperationEmailQueue(EmailQueues queues) : ICooperationEmailQueue
{
    public async Task EnqueueIntroductionAsync(string introductionId, CancellationToken cancellationToken)
    {
        var queue = await queues.DeliveryAsync(cancellationToken);
        await queue.SendMessageAsync(EmailQueueMessage.ForIntroduction(introductionId).ToJson(), cancellationToken);
    }
}
