using System.Threading.Channels;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Group commit without a timer: the items that arrive while one batch is being written go together in
/// the next (up to <c>maxPerBatch</c>), so a lone item goes at once and a burst costs a few writes.
/// Bounded: when <c>capacity</c> items wait, an item is refused. An item's task completes when its batch
/// was written, or fails with the exception the write threw. With a <c>linger</c>, every batch after the
/// first of a run (items kept arriving: a burst) that is not full waits that long for more items first
/// (on the wall clock: this is machinery, not the app's time); the first still goes at once.
/// </summary>
internal sealed class GroupCommit<T>(int maxPerBatch, int capacity, Func<IReadOnlyList<T>, Task> write, TimeSpan linger = default)
{
    private readonly Channel<(T Item, TaskCompletionSource Done)> _waiting
        = Channel.CreateBounded<(T, TaskCompletionSource)>(new BoundedChannelOptions(capacity) { SingleReader = true });

    private int _draining;

    /// <summary>False when <c>capacity</c> items already wait; otherwise <paramref name="written"/> tells when the item's batch is written.</summary>
    public bool TryAdd(T item, out Task written) => TryAdd(item, out written, out _);

    /// <param name="leads">
    /// Whether the item started a run of writes (nothing was being written: it goes at once, first in its
    /// batch), as opposed to joining items that are being written or gathered.
    /// </param>
    public bool TryAdd(T item, out Task written, out bool leads)
    {
        leads = false;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.Writer.TryWrite((item, done)))
        {
            written = Task.CompletedTask;
            return false;
        }
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            leads = true;
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        written = done.Task;
        return true;
    }

    private async Task DrainAsync()
    {
        var reader = _waiting.Reader;
        var first = true;
        while (true)
        {
            if (!first && linger > TimeSpan.Zero && reader.Count < maxPerBatch)
            {
                await Task.Delay(linger, TimeProvider.System);
            }
            first = false;
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
