using System.Threading.Channels;
using Azure.Data.Tables;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Records which pending emails of one event went out, by group commit: the keys that arrive while a log
/// row is being written go together into the next one (up to <see cref="MaxKeysPerRow"/>), so a burst of
/// registrations forgets its sent emails with a few inserts instead of a delete each. SendPendingEmails
/// later deletes the pending rows the log names, then the log rows (see
/// TableRegistrationStore.ClaimPendingEmailsAsync). Bounded: when <see cref="Capacity"/> keys wait, a key
/// is refused; its email then goes out once more after the grace, never lost.
/// </summary>
internal sealed class SentEmailLog(TableClient table, string partitionKey, TimeProvider time)
{
    /// <summary>About 35 characters a key: 500 keys stay well inside a string property's 64 KiB.</summary>
    private const int MaxKeysPerRow = 500;

    private const int Capacity = 20 * MaxKeysPerRow;

    private readonly Channel<(string Key, TaskCompletionSource Done)> _queue
        = Channel.CreateBounded<(string, TaskCompletionSource)>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    private int _draining;

    public Task AddAsync(string pendingEmailRowKey)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((pendingEmailRowKey, done)))
        {
            return Task.FromException(StorageContentionException.QueueFull(partitionKey));
        }
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        return done.Task;
    }

    /// <summary>No timer: a row takes whatever waited while the last one was written, so a lone key goes at once.</summary>
    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<(string Key, TaskCompletionSource Done)>();
            while (batch.Count < MaxKeysPerRow && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await table.AddEntityAsync(RegistrationEntities.SentEmailLog(partitionKey, batch.Select(b => b.Key), time.GetUtcNow()));
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Done.TrySetException(e));
            }
        }
    }
}
