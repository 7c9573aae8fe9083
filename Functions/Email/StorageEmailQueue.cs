using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Email;

/// <summary>Puts owed emails on the Azure Storage delivery queue (see <see cref="EmailQueueMessage"/>).</summary>
public sealed partial class StorageEmailQueue(EmailQueues queues, ILogger<StorageEmailQueue> logger) : IEmailQueue
{
    public async Task EnqueueAsync(PendingEmail email, int? waitlistPosition, CancellationToken cancellationToken)
    {
        try
        {
            var queue = await queues.DeliveryAsync(CancellationToken.None);
            // Not the request's token: the pending row is committed, and the message should follow it even
            // when the caller has gone.
            await queue.SendMessageAsync(EmailQueueMessage.For(email, waitlistPosition).ToJson(), CancellationToken.None);
        }
        catch (Exception e)
        {
            // The pending row stands; the sweep sends it after the grace.
            LogNotQueued(email.Kind, LoggedException.Describe(e));
        }
    }

    public async Task EnqueueDecisionAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var queue = await queues.DeliveryAsync(cancellationToken);
        await queue.SendMessageAsync(EmailQueueMessage.ForDecision(clusterId, reviewedAt).ToJson(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} email could not be queued; the sweep sends it after the grace: {Exception}")]
    private partial void LogNotQueued(RegistrationEmailKind kind, string exception);
}
