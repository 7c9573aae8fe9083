using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    /// <summary>How far the clocks of two instances may disagree; a sent-email log row counts as spent only this much past the cut-off.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The others that are old enough are claimed. Then the log rows old enough that every pending row
    /// they name has been deleted (by this run or an earlier one) go too. The emails of a batch row
    /// (<see cref="PendingEmailBatches"/>) old enough are returned unclaimed, named with their batch: the
    /// gathered claims take them together (<see cref="Domain.Registrations.IGatheredEmailClaims"/>).
    /// </summary>
    public async Task<IReadOnlyList<PendingEmail>> ClaimPendingEmailsAsync(string eventId, DateTimeOffset olderThan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        var spentLogs = new List<string>();
        await foreach (var log in table.QueryAsync<TableEntity>(RegistrationKeys.SentEmailLogs(eventId), cancellationToken: cancellationToken))
        {
            sent.UnionWith(RegistrationEntities.SentEmailRowKeys(log));
            // A log row is written after the pending rows it names, so once it is older than the cut-off,
            // every row it names is among those this run reads (and deletes) below.
            if (log.GetDateTimeOffset("At") is { } at && at <= olderThan - ClockMargin)
            {
                spentLogs.Add(log.RowKey);
            }
        }
        var claimed = new List<PendingEmail>();
        var gone = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.PendingEmails(eventId, olderThan), cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(PendingEmailBatches.Prefix, StringComparison.Ordinal))
            {
                var batched = PendingEmailBatches.PendingEmails(row);
                claimed.AddRange(batched);
                if (batched.Count == 0)
                {
                    gone.Add(row.RowKey);
                }
                continue;
            }
            if (sent.Contains(row.RowKey) || row.ContainsKey(Email.TablePendingEmailClaims.Sent) || RegistrationEntities.ToPendingEmail(row) is not { } pending)
            {
                gone.Add(row.RowKey);
                continue;
            }
            try
            {
                // Under the row's ETag: of two runs at once, only one stamps it, and only that one sends it.
                // A merge on purpose: it sets one property and clears none, so it cannot keep anything.
                await table.UpdateEntityAsync(new TableEntity(eventId, row.RowKey) { ["Since"] = now }, row.ETag, TableUpdateMode.Merge, cancellationToken);
                claimed.Add(pending);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Claimed by another run, or cleaned up by it, since the query read it.
            }
        }
        // The pending rows first: a log row may go only once what it names is gone.
        await DeleteRowsAsync(table, eventId, gone, cancellationToken);
        await DeleteRowsAsync(table, eventId, spentLogs, cancellationToken);
        return claimed;
    }

    /// <summary>Deletes rows of one partition, up to 100 per transaction; a row already gone is skipped.</summary>
    private static async Task DeleteRowsAsync(TableClient table, string partitionKey, List<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(100))
        {
            var keys = chunk.ToList();
            while (keys.Count > 0)
            {
                try
                {
                    await table.SubmitTransactionAsync(keys.Select(k => new TableTransactionAction(
                        TableTransactionActionType.Delete, new TableEntity(partitionKey, k), ETag.All)), cancellationToken);
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } missing && missing < keys.Count)
                {
                    keys.RemoveAt(missing);
                }
            }
        }
    }

    public async Task RemovePendingEmailAsync(PendingEmail email, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(email.RegistrationId) is not { } eventId)
        {
            return;
        }
        try
        {
            if (email.Batch is { } batch)
            {
                // Its own write: the sent-email log names whole rows, and a batch row holds others' emails too.
                await PendingEmailBatches.RemoveAsync(await TableAsync(cancellationToken), eventId, batch, [email], cancellationToken);
                return;
            }
            var writer = await WriterAsync(eventId, cancellationToken);
            await writer.SentEmails.AddAsync(RegistrationKeys.PendingEmail(email));
        }
        catch (Exception e)
        {
            // Nobody awaits this (see RegistrationNotifier): whatever went wrong is logged here or nowhere.
            LogPendingEmailNotForgotten(email.Kind, Http.LoggedException.Describe(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sent {Kind} email could not be forgotten; it will be sent again after the grace: {Exception}")]
    private partial void LogPendingEmailNotForgotten(RegistrationEmailKind kind, string exception);
}
