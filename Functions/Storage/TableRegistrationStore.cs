using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Registrations in Table Storage: one partition per event (see <see cref="RegistrationKeys"/>), every
/// status change committed together with the seats record in one entity-group transaction.
/// </summary>
public sealed partial class TableRegistrationStore(StorageTables tables, TimeProvider time, ILogger<TableRegistrationStore> logger) : IRegistrationStore
{
    /// <summary>Promotions per transaction: two rows each (registration, pending email), plus the seats row and a cancellation's rows.</summary>
    private const int MaxPromotionsPerTransaction = 45;

    /// <summary>How far the clocks of two instances may disagree; a sent-email log row counts as spent only this much past the cut-off.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, EventPartitionWriter> _writers = new(StringComparer.Ordinal);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Registrations, cancellationToken);

    private async Task<EventPartitionWriter> WriterAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        // GetOrAdd may build a writer it then throws away, but hands every caller the same one.
        return _writers.GetOrAdd(eventId, id => new EventPartitionWriter(id, table, time));
    }

    public async Task<CapacityState?> GetCapacityAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Seats, cancellationToken: cancellationToken);
        return row.HasValue ? RegistrationEntities.ToSeats(row.Value!) : null;
    }

    public async Task<CapacityChange> SetCapacityAsync(string eventId, int capacity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<CapacityChange>(async seats =>
        {
            if (seats is null)
            {
                var state = new CapacityState(capacity, 0, 0, 0);
                var added = await writer.Table.AddEntityAsync(RegistrationEntities.ToEntity(eventId, state), CancellationToken.None);
                return (new CapacityChange(false, state, []), EventPartitionWriter.Written(state, added));
            }
            if (!seats.State.CanSetCapacity(capacity))
            {
                return (new CapacityChange(true, seats.State, []), null);
            }
            var promoted = new List<Registration>();
            var current = seats with { State = seats.State with { Capacity = capacity } };
            do
            {
                var actions = new List<TableTransactionAction> { null! };
                var (state, batch) = await PromoteAsync(writer.Table, eventId, current.State, actions, now, skipRegistrationId: null, MaxPromotionsPerTransaction);
                actions[0] = new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(eventId, state), current.ETag);
                var response = await writer.Table.SubmitTransactionAsync(actions, CancellationToken.None);
                current = EventPartitionWriter.Written(state, response.Value[0]) ?? throw new InvalidOperationException("No ETag for the seats record.");
                writer.Remember(current);
                promoted.AddRange(batch);
            }
            while (current.State.PromotionsDue > 0);
            return (new CapacityChange(false, current.State, promoted), current);
        });
    }

    /// <summary>
    /// No read first: a repeat is caught by the transaction itself (its duplicate-check row already
    /// exists, 409), which costs a retry of that one batch; new people, the usual case, cost no read.
    /// </summary>
    public async Task<Admission> AdmitAsync(Registration candidate, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(candidate.EventId, cancellationToken);
        return await writer.AdmitAsync(candidate) ?? throw new InvalidOperationException("An admission without an invitation cannot be refused.");
    }

    /// <summary>As <see cref="AdmitAsync"/>, taking one use of the invitation in the same transaction (see <see cref="IInvitationStore.AdmitAsync"/>).</summary>
    public async Task<Admission?> AdmitInvitedAsync(Registration candidate, string invitationId, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(candidate.EventId, cancellationToken);
        return await writer.AdmitAsync(candidate, invitationId);
    }

    public async Task<Registration?> GetAsync(string registrationId, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Id") == registrationId ? RegistrationEntities.ToRegistration(row.Value) : null;
    }

    public async Task<int?> WaitlistPositionAsync(Registration registration, CancellationToken cancellationToken)
        => await EventPartitionWriter.WaitlistPositionAsync(await TableAsync(cancellationToken), registration, cancellationToken);

    public async Task<Cancellation?> CancelAsync(string registrationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<Cancellation?>(async seats =>
        {
            var row = await writer.Table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId));
            if (!row.HasValue || seats is null)
            {
                return (null, null);
            }
            var registration = RegistrationEntities.ToRegistration(row.Value!);
            if (registration.Status == RegistrationStatus.Cancelled)
            {
                return (new Cancellation(registration, false, []), null);
            }
            var cancelled = registration.Cancel(now);
            var actions = new List<TableTransactionAction>
            {
                null!,
                new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(cancelled), row.Value!.ETag),
            };
            if (registration.EmailKey.Length > 0)
            {
                // The person may register again; erasure must still find this registration until it is anonymised.
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId, RegistrationKeys.Email(registration.EmailKey)), ETag.All));
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.Pointer(eventId, RegistrationKeys.FormerEmail(registration.EmailKey, registrationId), registrationId)));
            }
            var (state, promoted) = await PromoteAsync(writer.Table, eventId, seats.State.Release(registration.Status), actions, now,
                skipRegistrationId: registrationId, MaxPromotionsPerTransaction);
            actions[0] = new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(eventId, state), seats.ETag);
            var response = await writer.Table.SubmitTransactionAsync(actions, CancellationToken.None);
            return (new Cancellation(cancelled, true, promoted), EventPartitionWriter.Written(state, response.Value[0]));
        });
    }

    /// <summary>Adds to <paramref name="actions"/> the promotion of the first on the waiting list into each free seat.</summary>
    private static async Task<(CapacityState State, List<Registration> Promoted)> PromoteAsync(TableClient table, string eventId,
        CapacityState state, List<TableTransactionAction> actions, DateTimeOffset now, string? skipRegistrationId, int limit)
    {
        var promoted = new List<Registration>();
        var wanted = Math.Min(state.PromotionsDue, limit);
        if (wanted == 0)
        {
            return (state, promoted);
        }
        // The first waiting are those with the smallest tickets; promotions are rare, so one partition query.
        var filter = RegistrationKeys.Registrations(eventId) + " and " + TableClient.CreateQueryFilter($"Status eq {Enums.Name(RegistrationStatus.Waitlisted)}");
        var waiting = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            if (row.GetString("Id") != skipRegistrationId)
            {
                waiting.Add(row);
            }
        }
        foreach (var row in waiting.OrderBy(r => r.GetInt64("WaitlistTicket") ?? long.MaxValue).Take(wanted))
        {
            var confirmed = RegistrationEntities.ToRegistration(row).Confirm(now);
            actions.Add(new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(confirmed), row.ETag));
            actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.PendingEmail(eventId, confirmed.Id, RegistrationEmailKind.Promoted, now)));
            state = state.Promote();
            promoted.Add(confirmed);
        }
        return (state, promoted);
    }

    public async Task<Domain.Common.Page<Registration>> ListAsync(string eventId, RegistrationStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var page = await table.QueryAsync<TableEntity>(RegistrationsFilter(eventId, status), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize)
            .FirstAsync(cancellationToken);
        return new Domain.Common.Page<Registration>(page.Values.Select(RegistrationEntities.ToRegistration).ToArray(), page.ContinuationToken);
    }

    public async IAsyncEnumerable<Registration> AllAsync(string eventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationsFilter(eventId, null), cancellationToken: cancellationToken))
        {
            yield return RegistrationEntities.ToRegistration(row);
        }
    }

    /// <summary>
    /// Read, change, and replace under the row's ETag, in the event's writer: a merge of the caller's copy
    /// could write back what an erasure cleared meanwhile (or undo a cancellation).
    /// </summary>
    public async Task UpdateAsync(Registration registration, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(registration.EventId, cancellationToken);
        await writer.RunAsync<bool>(async _ =>
        {
            var row = await writer.Table.GetEntityIfExistsAsync<TableEntity>(registration.EventId, RegistrationKeys.Registration(registration.Id));
            if (!row.HasValue || row.Value!.GetString("Id") != registration.Id)
            {
                return (false, null);
            }
            var current = RegistrationEntities.ToRegistration(row.Value);
            if (current.AnonymisedAt is not null)
            {
                return (false, null);
            }
            var updated = current with
            {
                CheckedInAt = current.CheckedInAt ?? registration.CheckedInAt,
                RemindersStopped = current.RemindersStopped || registration.RemindersStopped,
            };
            await writer.Table.UpdateEntityAsync(RegistrationEntities.ToEntity(updated), row.Value.ETag, TableUpdateMode.Replace, CancellationToken.None);
            return (true, null);
        });
    }

    /// <summary>
    /// One transaction in the event's partition, under the registration's ETag (a cancellation meanwhile
    /// makes it read again): the record replaced whole, so no property the anonymised record leaves out
    /// survives; the person's index rows and the emails still owed to them deleted.
    /// </summary>
    public async Task<Anonymisation?> AnonymiseAsync(string registrationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<Anonymisation?>(async _ =>
        {
            var table = writer.Table;
            var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId));
            if (!row.HasValue || row.Value!.GetString("Id") != registrationId)
            {
                return (null, null);
            }
            var current = RegistrationEntities.ToRegistration(row.Value);
            var changed = current.AnonymisedAt is null;
            var actions = new List<TableTransactionAction>();
            if (changed)
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(current.Anonymise(now)), row.Value.ETag));
            }
            if (current.EmailKey.Length > 0)
            {
                var pointer = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Email(current.EmailKey));
                if (pointer.HasValue && pointer.Value!.GetString("RegistrationId") == registrationId)
                {
                    actions.Add(new(TableTransactionActionType.Delete, pointer.Value, pointer.Value.ETag));
                }
                var former = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.FormerEmail(current.EmailKey, registrationId));
                if (former.HasValue)
                {
                    actions.Add(new(TableTransactionActionType.Delete, former.Value!, former.Value!.ETag));
                }
            }
            var pendingEmails = 0;
            await foreach (var pending in table.QueryAsync<TableEntity>(RegistrationKeys.PendingEmailsOf(eventId, registrationId), select: ["RowKey"]))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId, pending.RowKey), ETag.All));
                pendingEmails++;
            }
            if (actions.Count > 0)
            {
                await table.SubmitTransactionAsync(actions, CancellationToken.None);
            }
            return (new Anonymisation(changed, pendingEmails), null);
        });
    }

    public async Task<IReadOnlyList<string>> RegistrationIdsOfAsync(string eventId, string emailKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Person(eventId, emailKey), select: ["RegistrationId"], cancellationToken: cancellationToken))
        {
            if (row.GetString("RegistrationId") is { } id)
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    /// <summary>
    /// Reads the sent-email log first: a pending row it names went out and is deleted, not sent again.
    /// The others that are old enough are claimed. Then the log rows old enough that every pending row
    /// they name has been deleted (by this run or an earlier one) go too.
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
            if (sent.Contains(row.RowKey) || RegistrationEntities.ToPendingEmail(row) is not { } pending)
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

    private static string RegistrationsFilter(string eventId, RegistrationStatus? status)
    {
        var range = RegistrationKeys.Registrations(eventId);
        return status is { } s ? range + " and " + TableClient.CreateQueryFilter($"Status eq {Enums.Name(s)}") : range;
    }
}
