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
internal sealed class SentEmailLog
{
    /// <summary>About 35 characters a key: 500 keys stay well inside a string property's 64 KiB.</summary>
    private const int MaxKeysPerRow = 500;

    private const int Capacity = 20 * MaxKeysPerRow;

    private readonly string _partitionKey;
    private readonly GroupCommit<string> _rows;

    public SentEmailLog(TableClient table, string partitionKey, TimeProvider time)
    {
        _partitionKey = partitionKey;
        _rows = new(MaxKeysPerRow, Capacity, keys => table.AddEntityAsync(RegistrationEntities.SentEmailLog(partitionKey, keys, time.GetUtcNow())));
    }

    public Task AddAsync(string pendingEmailRowKey)
        => _rows.TryAdd(pendingEmailRowKey, out var written) ? written : Task.FromException(StorageContentionException.QueueFull(_partitionKey));
}
