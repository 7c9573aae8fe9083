using Azure.Data.Tables;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Records which pending emails of one event went out, by group commit: the keys gathered in a moment
/// (or up to <see cref="MaxKeysPerRow"/>) go into one new log row, so a burst of registrations forgets
/// its sent emails with a few inserts instead of a delete each. SendPendingEmails later deletes the
/// pending rows the log names, then the log rows (see TableRegistrationStore.ClaimPendingEmailsAsync).
/// </summary>
internal sealed class SentEmailLog(TableClient table, string partitionKey, TimeProvider time)
{
    /// <summary>About 35 characters a key: 500 keys stay well inside a string property's 64 KiB.</summary>
    private const int MaxKeysPerRow = 500;

    /// <summary>How long a log row that is not full waits for more keys to join it.</summary>
    private static readonly TimeSpan Gathering = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly List<(string Key, TaskCompletionSource Done)> _queue = [];
    private bool _draining;

    public Task AddAsync(string pendingEmailRowKey)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _queue.Add((pendingEmailRowKey, done));
            if (!_draining)
            {
                _draining = true;
                _ = Task.Run(DrainAsync);
            }
        }
        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            bool full;
            lock (_gate)
            {
                full = _queue.Count >= MaxKeysPerRow;
            }
            if (!full)
            {
                await Task.Delay(Gathering);
            }
            List<(string Key, TaskCompletionSource Done)> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _queue.Take(MaxKeysPerRow).ToList();
                _queue.RemoveRange(0, batch.Count);
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
