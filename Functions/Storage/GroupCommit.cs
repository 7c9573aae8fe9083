using System.Threading.Channels;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Group commit without a timer: the items that arrive while one batch is being written go together in
/// the next (up to <c>maxPerBatch</c>), so a lone item goes at once and a burst costs a few writes.
/// Bounded: when <c>capacity</c> items wait, an item is refused. An item's task completes when its batch
/// was written, or fails with the exception the write threw. With a <c>linger</c>, a batch that is not
/// full waits that long (on the wall clock: this is machinery, not the app's time) for more items first.
/// </summary>
internal sealed class GroupCommit<T>(int maxPerBatch, int capacity, Func<IReadOnlyList<T>, Task> write, TimeSpan linger = default)
{
    private readonly Channel<(T Item, TaskCompletionSource Done)> _waiting
        = Channel.CreateBounded<(T, TaskCompletionSource)>(new BoundedChannelOptions(capacity) { SingleReader = true });

    private int _draining;

    /// <summary>False when <c>capacity</c> items already wait; otherwise <paramref name="written"/> tells when the item's batch is written.</summary>
    public bool TryAdd(T item, out Task written)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.Writer.TryWrite((item, done)))
        {
            written = Task.CompletedTask;
            return false;
        }
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        written = done.Task;
        return true;
    }

    private async Task DrainAsync()
    {
        var reader = _waiting.Reader;
        while (true)
        {
            if (linger > TimeSpan.Zero && reader.Count < maxPerBatch)
            {
                await Task.Delay(linger, TimeProvider.System);
            }
            var batch = new List<(T Item, TaskCompletionSource Done)>();
            while (batch.Count < maxPerBatch && reader.TryRead(out var waiting))
            {
                batch.Add(waiting);
            }
            if (batch.Count == 0)
            {
                // Stop draining, then look again: an item written between the last read and the flag's
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
                await write(batch.Select(b => b.Item).ToList());
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Done.TrySetException(e));
            }
        }
    }
}
