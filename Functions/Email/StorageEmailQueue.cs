using System.Threading.Channels;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Puts owed emails on the Azure Storage delivery queue (see <see cref="EmailQueueMessage"/>). Registration
/// emails go by group commit: those that arrive while a message is being sent travel together in the
/// next one (up to <see cref="MaxEmailsPerMessage"/>; no timer, so a lone email goes at once). A queue
/// message costs the storage emulator about three table inserts, so one per registration would cost a
/// burst more than its registrations do; one per gathering costs little.
/// </summary>
public sealed partial class StorageEmailQueue(EmailQueues queues, ILogger<StorageEmailQueue> logger) : IEmailQueue
{
    /// <summary>About 120 characters an email: 200 stay well inside a queue message's 64 KiB (base64 included).</summary>
    public const int MaxEmailsPerMessage = 200;

    private const int Capacity = 50 * MaxEmailsPerMessage;

    private readonly Channel<(QueuedEmail Email, TaskCompletionSource Done)> _waiting
        = Channel.CreateBounded<(QueuedEmail, TaskCompletionSource)>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    private int _draining;

    /// <summary>Answers once the email's message is on the queue, or it could not be (never throws: the sweep sends it then).</summary>
    public Task EnqueueAsync(PendingEmail email, int? waitlistPosition, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.Writer.TryWrite((QueuedEmail.For(email, waitlistPosition), done)))
        {
            LogNotQueued(1, "the queue of messages to send is full");
            return Task.CompletedTask;
        }
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        return done.Task;
    }

    public async Task EnqueueDecisionAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var queue = await queues.DeliveryAsync(cancellationToken);
        await queue.SendMessageAsync(EmailQueueMessage.ForDecision(clusterId, reviewedAt).ToJson(), cancellationToken);
    }

    private async Task DrainAsync()
    {
        var reader = _waiting.Reader;
        while (true)
        {
            var batch = new List<(QueuedEmail Email, TaskCompletionSource Done)>();
            while (batch.Count < MaxEmailsPerMessage && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count == 0)
            {
                // Stop draining, then look again: an email written between the last read and the flag's
                // reset would otherwise wait for the next one.
                Volatile.Write(ref _draining, 0);
                if (!reader.TryPeek(out _) || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }
                continue;
            }
            try
            {
                // Not a request's token: the pending rows are committed, and the message should follow
                // them even when the callers have gone.
                var queue = await queues.DeliveryAsync(CancellationToken.None);
                await queue.SendMessageAsync(EmailQueueMessage.ForBatch(batch.Select(b => b.Email).ToList()).ToJson(), CancellationToken.None);
            }
            catch (Exception e)
            {
                // The pending rows stand; the sweep sends them after the grace.
                LogNotQueued(batch.Count, LoggedException.Describe(e));
            }
            batch.ForEach(b => b.Done.TrySetResult());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} emails could not be queued; the sweep sends them after the grace: {Exception}")]
    private partial void LogNotQueued(int count, string exception);
}
