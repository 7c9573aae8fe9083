using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;

namespace ClustersCord.Functions.Email;

/// <summary>
/// A queued delivery's claim on a pending-email row (<c>m-…</c>, see <see cref="RegistrationKeys"/>): the
/// row must still exist and not be marked <c>Sent</c>, and is stamped under its ETag with
/// <c>Delivering</c> (and <c>Since</c>, which keeps the sweep away for the grace). Of two deliveries at
/// once only one stamps it; a delivery that failed clears its stamp for the next attempt, one that
/// succeeded marks the row <c>Sent</c>. The emails of a gathered message are claimed, marked and released
/// together (<see cref="IGatheredEmailClaims"/>): a point read each, then one transaction per 100 rows.
/// The emails an admission transaction stored in one shared row (<see cref="PendingEmailBatches"/>) are
/// claimed, marked and released in that row, one read and one write for all of them.
/// </summary>
public sealed class TablePendingEmailClaims(StorageTables tables) : IPendingEmailClaims, IGatheredEmailClaims
{
    /// <summary>An entity-group transaction's limit.</summary>
    private const int RowsPerTransaction = 100;

    /// <summary>Point reads of one gathered message in flight at once.</summary>
    private const int ParallelReads = 8;

    /// <summary>Longer than one send may take (its total timeout); a holder that died loses its claim after it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const string Delivering = "Delivering";

    /// <summary>Set on a pending row once its email was sent or refused for good; the sweep deletes such rows.</summary>
    public const string Sent = "Sent";

    public async Task CompleteAsync(PendingEmail email, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(email.RegistrationId) is not { } eventId)
        {
            return;
        }
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        if (email.Batch is { } batch)
        {
            await PendingEmailBatches.RemoveAsync(table, eventId, batch, [email], cancellationToken);
            return;
        }
        try
        {
            await table.UpdateEntityAsync(new TableEntity(eventId, RegistrationKeys.PendingEmail(email)) { [Sent] = DateTimeOffset.UtcNow },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted by the sweep (the sent-email log named it): nothing left to mark.
        }
    }

    public async Task<IReadOnlyList<PendingEmail>> ClaimAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        var ofEvent = emails.Where(e => RegistrationIds.EventIdOf(e.RegistrationId) == eventId).ToList();
        var claimed = new List<PendingEmail>();
        try
        {
            foreach (var batch in ofEvent.Where(e => e.Batch is not null).GroupBy(e => e.Batch!, StringComparer.Ordinal))
            {
                claimed.AddRange(await PendingEmailBatches.ClaimAsync(table, eventId, batch.Key, batch.Distinct().ToList(), now, Lease, cancellationToken));
            }
            await ClaimOwnRowsAsync(table, eventId, ofEvent.Where(e => e.Batch is null), now, claimed, cancellationToken);
        }
        catch (Exception) when (claimed.Count > 0)
        {
            // What was claimed before the failure is given up, so that the message's retry may take it at once.
            await ReleaseAllAsync(eventId, claimed, CancellationToken.None);
            throw;
        }
        return claimed;
    }

    /// <summary>Claims emails stored on rows of their own (a point read each, then a transaction per 100 rows), adding each to <paramref name="claimed"/> as it is.</summary>
    private static async Task ClaimOwnRowsAsync(TableClient table, string eventId, IEnumerable<PendingEmail> emails, DateTimeOffset now,
        List<PendingEmail> claimed, CancellationToken cancellationToken)
    {
        // One row once, whatever the message repeats (a transaction may not touch a row twice).
        var named = emails.DistinctBy(RegistrationKeys.PendingEmail, StringComparer.Ordinal).ToList();
        var rows = await ReadOwnRowsAsync(table, named, cancellationToken);
        // A claim: the row must exist, not be marked sent, and not be held by a delivery within its lease.
        var claimable = named.Select((email, i) => (Email: email, Row: rows[i]))
            .Where(c => c.Row is { } pending && !pending.ContainsKey(Sent)
                        && !(pending.GetDateTimeOffset(Delivering) is { } held && held > now - Lease))
            .ToList();
        foreach (var chunk in claimable.Chunk(RowsPerTransaction))
        {
            // Each stamp under its row's ETag, all in one transaction. A row another delivery stamped (412) or
            // the sweep deleted (404) since the read fails the whole transaction: then another delivery is at
            // work on the same emails (a duplicate message), and the rest are claimed one by one, each under
            // its ETag, so that of the two only one claims each (and no transaction is tried once per row).
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                    new TableEntity(eventId, c.Row!.RowKey) { ["Since"] = now, [Delivering] = now }, c.Row.ETag)), cancellationToken);
                claimed.AddRange(chunk.Select(c => c.Email));
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
            {
                foreach (var (email, row) in chunk)
                {
                    try
                    {
                        await table.UpdateEntityAsync(new TableEntity(eventId, row!.RowKey) { ["Since"] = now, [Delivering] = now },
                            row.ETag, TableUpdateMode.Merge, cancellationToken);
                        claimed.Add(email);
                    }
                    catch (RequestFailedException single) when (single.Status is 404 or 412)
                    {
                        // Claimed by the other delivery, or gone, since the read.
                    }
                }
            }
        }
    }

    /// <summary>
    /// Those of <paramref name="emails"/> still owed: on a row of their own not marked <c>Sent</c>, or still in their
    /// batch's row (one read per batch row, a point read per row of its own, eight at a time). An email sent,
    /// refused for good, erased or no longer due is not among them.
    /// </summary>
    public async Task<IReadOnlySet<PendingEmail>> StillOwedAsync(IReadOnlyList<PendingEmail> emails, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        var owed = new HashSet<PendingEmail>();
        var named = emails.Where(e => RegistrationIds.EventIdOf(e.RegistrationId) is not null).Distinct().ToList();
        foreach (var batch in named.Where(e => e.Batch is not null).GroupBy(e => (Event: RegistrationIds.EventIdOf(e.RegistrationId)!, Key: e.Batch!)))
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(batch.Key.Event, batch.Key.Key, cancellationToken: cancellationToken);
            if (row.HasValue)
            {
                owed.UnionWith(PendingEmailBatches.PendingEmails(row.Value!).Intersect(batch));
            }
        }
        var own = named.Where(e => e.Batch is null).ToList();
        var rows = await ReadOwnRowsAsync(table, own, cancellationToken);
        owed.UnionWith(own.Where((_, i) => rows[i] is { } row && !row.ContainsKey(Sent)));
        return owed;
    }

    /// <summary>The rows of emails stored on rows of their own (null where there is none), a point read each, eight at a time.</summary>
    private static async Task<TableEntity?[]> ReadOwnRowsAsync(TableClient table, IReadOnlyList<PendingEmail> emails, CancellationToken cancellationToken)
    {
        var rows = new TableEntity?[emails.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(RegistrationIds.EventIdOf(emails[i].RegistrationId)!,
                    RegistrationKeys.PendingEmail(emails[i]), cancellationToken: token);
                rows[i] = row.HasValue ? row.Value : null;
            });
        return rows;
    }

    /// <summary>Emails of a row of their own are marked <c>Sent</c>; those of a batch are removed from its row.</summary>
    public Task CompleteAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, DateTimeOffset now, CancellationToken cancellationToken)
        => MergeAllAsync(eventId, emails, () => new TableEntity { [Sent] = now }, PendingEmailBatches.RemoveAsync, cancellationToken);

    public Task ReleaseAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, CancellationToken cancellationToken)
        => MergeAllAsync(eventId, emails, () => new TableEntity { [Delivering] = DateTimeOffset.UnixEpoch }, PendingEmailBatches.ReleaseAsync, cancellationToken);

    /// <summary>
    /// Merges the same properties into each email's own row, 100 rows per transaction (a row gone meanwhile,
    /// erased or swept, is skipped), and applies <paramref name="inBatch"/> to the emails of each batch row.
    /// </summary>
    private async Task MergeAllAsync(string eventId, IReadOnlyList<PendingEmail> emails, Func<TableEntity> properties,
        Func<TableClient, string, string, IReadOnlyCollection<PendingEmail>, CancellationToken, Task> inBatch, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        var ofEvent = emails.Where(e => RegistrationIds.EventIdOf(e.RegistrationId) == eventId).ToList();
        foreach (var batch in ofEvent.Where(e => e.Batch is not null).GroupBy(e => e.Batch!, StringComparer.Ordinal))
        {
            await inBatch(table, eventId, batch.Key, batch.ToList(), cancellationToken);
        }
        var keys = ofEvent.Where(e => e.Batch is null)
            .Select(RegistrationKeys.PendingEmail).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in keys.Chunk(RowsPerTransaction))
        {
            var left = chunk.ToList();
            while (left.Count > 0)
            {
                try
                {
                    await table.SubmitTransactionAsync(left.Select(key =>
                    {
                        var entity = properties();
                        entity.PartitionKey = eventId;
                        entity.RowKey = key;
                        return new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, ETag.All);
                    }), cancellationToken);
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } gone && gone < left.Count)
                {
                    left.RemoveAt(gone);
                }
            }
        }
    }
}
