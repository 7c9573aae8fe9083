using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace ClustersCord.Functions.Email;

/// <summary>
/// A message on the delivery or poison queue that is not base64 (put there by another producer or by hand)
/// would make every receive and peek of its batch throw, so that DevHost's poller, the organisers' list of
/// undelivered emails and its retry all fail on it. Installed on the app's queue clients
/// (<see cref="QueueClientOptions.MessageDecodingFailed"/>): such a message is skipped by the call that met it,
/// and a received one is put on the poison queue encoded (so that it is listed there, as a message of no known
/// shape) and taken off the queue it was on. A peeked one is only skipped.
/// </summary>
public static class UndecodableQueueMessages
{
    public static void HandleOn(QueueClientOptions options) => options.MessageDecodingFailed += OnFailedAsync;

    private static async Task OnFailedAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return;
        }
        var queue = args.Queue;
        var poisonName = queue.Name.EndsWith(EmailQueues.PoisonSuffix, StringComparison.Ordinal) ? queue.Name : queue.Name + EmailQueues.PoisonSuffix;
        var poison = queue.GetParentQueueServiceClient().GetQueueClient(poisonName);
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
            return;
        }
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
    }
}
