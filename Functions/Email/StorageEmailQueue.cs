using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Puts owed emails on the Azure Storage delivery queue (see <see cref="EmailQueueMessage"/>). Registration
/// emails go by group commit: a lone email goes at once in a message of its own, and its answer waits
/// until the message is on the queue. Those that arrive while a message is being written (a burst) are
/// gathered for <see cref="GatherWindow"/> into the next one (up to <see cref="MaxEmailsPerMessage"/>), and
/// their answers do not wait for it: their pending emails are committed, and should the message never be
/// written (the queue down, the instance stopped meanwhile) the sweep sends them after
/// <see cref="PendingEmail.Grace"/>. A queue message costs the storage emulator about three table inserts,
/// so one per registration would cost a burst more than its registrations do. A message that gathered
/// more than one email stays invisible for <see cref="EmailOptions.BurstDeliveryDelay"/>, so that its
/// delivery waits until the burst is over instead of sharing storage with it.
/// </summary>
public sealed partial class StorageEmailQueue : IEmailQueue
{
    /// <summary>About 170 characters an email (its batch row named too): 200 stay inside a queue message's 64 KiB (base64 included).</summary>
    public const int MaxEmailsPerMessage = 200;

    private const int Capacity = 50 * MaxEmailsPerMessage;

    /// <summary>How long a message of a burst that is not full waits for more emails before it is written.</summary>
    public static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(100);

    private readonly EmailQueues _queues;
    private readonly ILogger<StorageEmailQueue> _logger;
    private readonly GroupCommit<QueuedEmail> _messages;
    private readonly TimeSpan _burstDelay;
    /// <summary>The writes of the emails gathered and not yet on the queue (for <see cref="FlushAsync"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _unwritten = new();

    public StorageEmailQueue(EmailQueues queues, IOptions<EmailOptions> options, ILogger<StorageEmailQueue> logger)
    {
        _queues = queues;
        _logger = logger;
        _burstDelay = options.Value.BurstDeliveryDelay;
        _messages = new(MaxEmailsPerMessage, Capacity, SendAsync, GatherWindow);
    }

    /// <summary>
    /// A lone email answers once its message is on the queue (or could not be); one that joins a burst once
    /// it is gathered for the next message. Never throws: the sweep is the backstop.
    /// </summary>
    public Task EnqueueAsync(PendingEmail email, int? waitlistPosition, CancellationToken cancellationToken)
    {
        if (_messages.TryAdd(QueuedEmail.For(email, waitlistPosition), out var written, out var leads))
        {
            if (_unwritten.TryAdd(written, 0))
            {
                _ = written.ContinueWith(w => _unwritten.TryRemove(w, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            return leads ? written : Task.CompletedTask;
        }
        LogNotQueued(1, "the queue of messages to send is full");
        return Task.CompletedTask;
    }

    /// <summary>Completes once every email gathered so far is on the queue (or could not be): DevHost's drain waits for it.</summary>
    public Task FlushAsync() => Task.WhenAll(_unwritten.Keys);

    public async Task EnqueueDecisionAsync(string clusterId, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var queue = await _queues.DeliveryAsync(cancellationToken);
        await queue.SendMessageAsync(EmailQueueMessage.ForDecision(clusterId, reviewedAt).ToJson(), cancellationToken);
    }

    private async Task SendAsync(IReadOnlyList<QueuedEmail> emails)
    {
        try
        {
            // Not a request's token: the pending rows are committed, and the message should follow them
            // even when the callers have gone.
            var queue = await _queues.DeliveryAsync(CancellationToken.None);
            await queue.SendMessageAsync(EmailQueueMessage.ForBatch(emails).ToJson(),
                visibilityTimeout: VisibleAfter(emails.Count, _burstDelay), timeToLive: null, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The pending rows stand; the sweep sends them after the grace. Logged once for the message.
            LogNotQueued(emails.Count, LoggedException.Describe(e));
        }
    }

    /// <summary>The initial invisibility of a message of <paramref name="count"/> emails: none for one, the burst delay for more.</summary>
    public static TimeSpan? VisibleAfter(int count, TimeSpan burstDelay) => count > 1 && burstDelay > TimeSpan.Zero ? burstDelay : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} emails could not be queued; the sweep sends them after the grace: {Exception}")]
    private partial void LogNotQueued(int count, string exception);
}
