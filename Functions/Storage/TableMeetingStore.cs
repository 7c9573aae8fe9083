using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Meetings;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Bilateral meetings in the <c>meetings</c> table, one partition per event, so a request, its placement,
/// the sender's request count and the pair's marker change together in one entity-group transaction.
/// Row keys (a contract):
/// <list type="bullet">
/// <item><c>p-{random part of the registration id}</c>: a participant's profile, with its participant id and the count of requests sent;</item>
/// <item><c>q-{request id}</c>: a request, its state and its placement (slot, 0-based table) and the outcomes;</item>
/// <item><c>o-{participant id}-{participant id}</c> (ordinal order): the marker of an open or accepted request between two people;</item>
/// <item><c>schedule</c>: the last scheduler run's number and the lease of a run under way.</item>
/// </list>
/// Every change is conditional on the ETag read, retried a bounded number of times on a concurrent write.
/// </summary>
public sealed class TableMeetingStore(StorageTables tables) : IMeetingStore
{
    private const int Attempts = 8;
    private const string ScheduleRow = "schedule";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Meetings, cancellationToken);

    private static string ProfileKey(string registrationId) => "p-" + registrationId[(registrationId.LastIndexOf('.') + 1)..];

    private static string RequestKey(string requestId) => "q-" + requestId;

    private static string PairKey(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"o-{a}-{b}" : $"o-{b}-{a}";

    public async Task<MeetingProfile?> GetProfileAsync(string eventId, string registrationId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, ProfileKey(registrationId), cancellationToken: cancellationToken);
        return row.HasValue ? ToProfile(row.Value!) : null;
    }

    public async Task<IReadOnlyList<MeetingProfile>> ProfilesAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var list = new List<MeetingProfile>();
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, "p-"), cancellationToken: cancellationToken))
        {
            list.Add(ToProfile(row));
        }
        return list;
    }

    public async Task<MeetingProfile> SaveProfileAsync(MeetingProfile profile, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(profile.EventId, ProfileKey(profile.RegistrationId), cancellationToken: cancellationToken);
            try
            {
                if (existing.HasValue)
                {
                    var kept = ToProfile(existing.Value!);
                    var changed = profile with { ParticipantId = kept.ParticipantId, RequestsSent = kept.RequestsSent };
                    await table.UpdateEntityAsync(ToRow(changed), existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                    return changed;
                }
                await table.AddEntityAsync(ToRow(profile with { RequestsSent = 0 }), cancellationToken);
                return profile with { RequestsSent = 0 };
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
            }
        }
    }

    public async Task<RequestAddition> AddRequestAsync(MeetingRequest request, int limit, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        Exception? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(request.EventId, ProfileKey(request.FromRegistrationId), cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return RequestAddition.NoProfile;
            }
            var sender = ToProfile(row.Value!);
            if (sender.RequestsSent >= limit)
            {
                return RequestAddition.LimitReached;
            }
            var counted = ToRow(sender with { RequestsSent = sender.RequestsSent + 1 });
            counted.ETag = row.Value!.ETag;
            try
            {
                await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, counted, row.Value.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(request.EventId, PairKey(request.From, request.To)) { ["RequestId"] = request.Id }),
                    new TableTransactionAction(TableTransactionActionType.Add, ToRow(request)),
                ], cancellationToken);
                return RequestAddition.Added;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 1)
            {
                return RequestAddition.AlreadyBetween;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // The sender's count moved (another request at the same moment): read it again.
                last = e;
            }
        }
        throw StorageContentionException.ConflictsExhausted(request.EventId, last!);
    }

    public async Task<MeetingRequest?> GetRequestAsync(string eventId, string requestId, CancellationToken cancellationToken)
    {
        if (!IsRequestId(requestId))
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RequestKey(requestId), cancellationToken: cancellationToken);
        return row.HasValue ? ToRequest(row.Value!) : null;
    }

    public async Task<IReadOnlyList<MeetingRequest>> RequestsAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var list = new List<MeetingRequest>();
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, "q-"), cancellationToken: cancellationToken))
        {
            list.Add(ToRequest(row));
        }
        return list;
    }

    public async Task<(MeetingRequest Before, MeetingRequest? After)?> ChangeRequestAsync(string eventId, string requestId,
        Func<MeetingRequest, MeetingRequest?> change, CancellationToken cancellationToken)
    {
        if (!IsRequestId(requestId))
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        Exception? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RequestKey(requestId), cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }
            var before = ToRequest(row.Value!);
            if (change(before) is not { } after)
            {
                return (before, null);
            }
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, ToRow(after), row.Value!.ETag),
            };
            if (before.HoldsPair && !after.HoldsPair)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(eventId, PairKey(before.From, before.To)), ETag.All));
            }
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return (before, after);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 && e.FailedTransactionActionIndex is 0 or null)
            {
                // Another answer came first: apply the change to what it left.
                last = e;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex == 1)
            {
                // The marker is already gone (a retry after a partial failure cannot happen in a transaction, but an
                // older row may lack it): change the request alone.
                try
                {
                    await table.UpdateEntityAsync(ToRow(after), row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                    return (before, after);
                }
                catch (RequestFailedException conflict) when (conflict.Status == 412)
                {
                    last = conflict;
                }
            }
        }
        throw StorageContentionException.ConflictsExhausted(eventId, last!);
    }

    /// <summary>The most rows one entity-group transaction may carry.</summary>
    private const int TransactionRows = 100;

    public async Task<IReadOnlyList<MeetingRequest>> PublishAsync(string eventId, IReadOnlyList<PlacementChange> changes, CancellationToken cancellationToken)
    {
        var wanted = changes.Where(c => IsRequestId(c.RequestId)).ToDictionary(c => c.RequestId, StringComparer.Ordinal);
        var table = await TableAsync(cancellationToken);
        var written = new Dictionary<string, MeetingRequest>(StringComparer.Ordinal);
        var cleared = false;
        Exception? last = null;
        for (var attempt = 0; attempt < Attempts && wanted.Count > 0; attempt++)
        {
            var writes = new List<(MeetingRequest Before, MeetingRequest After, ETag ETag)>();
            await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, "q-"), cancellationToken: cancellationToken))
            {
                var before = ToRequest(row);
                if (!wanted.TryGetValue(before.Id, out var change))
                {
                    continue;
                }
                if (change.Apply(before) is not { } after)
                {
                    wanted.Remove(before.Id);
                    continue;
                }
                writes.Add((before, after, row.ETag));
            }
            // Requests that are gone (erased) have nothing to publish.
            foreach (var id in wanted.Keys.Except(writes.Select(w => w.After.Id), StringComparer.Ordinal).ToList())
            {
                wanted.Remove(id);
            }
            // All in one transaction when they fit: nobody ever sees the run half done. Otherwise in two phases:
            // first every placed request that moves or leaves comes off the schedule, then (read again) the
            // placements go into cells that are free by then. Either way no two meetings share a table or a
            // person at any moment, whatever the order of the transactions or where a failure stops them.
            var clearing = !cleared && writes.Count > TransactionRows && writes.Any(w => w.Before.IsPlaced);
            var phase = clearing
                ? writes.Where(w => w.Before.IsPlaced).Select(w => w with { After = w.Before with { Slot = null, Table = null } }).ToList()
                : writes;
            try
            {
                foreach (var chunk in phase.Chunk(TransactionRows))
                {
                    await table.SubmitTransactionAsync(chunk.Select(w => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToRow(w.After), w.ETag)),
                        cancellationToken);
                    foreach (var (_, after, _) in chunk)
                    {
                        written[after.Id] = after;
                        if (wanted[after.Id].IsRemoval == !after.IsPlaced)
                        {
                            wanted.Remove(after.Id);
                        }
                    }
                }
                if (clearing)
                {
                    // The first phase is no attempt lost to a race.
                    cleared = true;
                    attempt--;
                }
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
            {
                // A request changed (or went) since the read: read again and write what is still to write.
                last = e;
            }
        }
        return wanted.Count == 0 ? [.. written.Values]
            : throw StorageContentionException.ConflictsExhausted(eventId, last!);
    }

    public async Task<int?> ClaimScheduleRunAsync(string eventId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, ScheduleRow, cancellationToken: cancellationToken);
        try
        {
            if (!row.HasValue)
            {
                await table.AddEntityAsync(new TableEntity(eventId, ScheduleRow) { ["Run"] = 1, ["RunningUntil"] = until }, cancellationToken);
                return 1;
            }
            if (row.Value!.GetDateTimeOffset("RunningUntil") is { } running && running > now)
            {
                return null;
            }
            var run = (row.Value.GetInt32("Run") ?? 0) + 1;
            await table.UpdateEntityAsync(new TableEntity(eventId, ScheduleRow) { ["Run"] = run, ["RunningUntil"] = until }, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return run;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another run claimed it at the same moment.
            return null;
        }
    }

    public async Task ReleaseScheduleRunAsync(string eventId, int run, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, ScheduleRow, cancellationToken: cancellationToken);
        if (row.HasValue && row.Value!.GetInt32("Run") == run)
        {
            try
            {
                await table.UpdateEntityAsync(new TableEntity(eventId, ScheduleRow) { ["Run"] = run, ["RunningUntil"] = null }, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another run has claimed it since (after this one's lease ran out).
            }
        }
    }

    public async Task<int> ForgetAsync(string eventId, IReadOnlyCollection<string> registrationIds, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var changed = 0;
        var participants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registrationId in registrationIds)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, ProfileKey(registrationId), cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                continue;
            }
            var profile = ToProfile(row.Value!);
            participants.Add(profile.ParticipantId);
            await table.UpdateEntityAsync(ToRow(profile with { ClusterId = null, Offers = [], Needs = [] }), ETag.All, TableUpdateMode.Replace, cancellationToken);
            changed++;
        }
        if (participants.Count == 0)
        {
            return changed;
        }
        foreach (var request in await RequestsAsync(eventId, cancellationToken))
        {
            if (!participants.Contains(request.From) && !participants.Contains(request.To))
            {
                continue;
            }
            var result = await ChangeRequestAsync(eventId, request.Id, r => r with
            {
                Message = participants.Contains(r.From) ? "" : r.Message,
                FromOutcome = participants.Contains(r.From) && r.FromOutcome is { } f ? f with { Topic = null, NextStep = null } : r.FromOutcome,
                ToOutcome = participants.Contains(r.To) && r.ToOutcome is { } t ? t with { Topic = null, NextStep = null } : r.ToOutcome,
            }, cancellationToken);
            changed += result is { After: not null } ? 1 : 0;
        }
        return changed;
    }

    private static bool IsRequestId(string requestId) => requestId.Length is > 1 and <= 64 && requestId.All(char.IsAsciiLetterOrDigit);

    private static TableEntity ToRow(MeetingProfile p) => new(p.EventId, ProfileKey(p.RegistrationId))
    {
        ["RegistrationId"] = p.RegistrationId,
        ["ParticipantId"] = p.ParticipantId,
        ["ClusterId"] = p.ClusterId,
        ["Offers"] = JsonSerializer.Serialize(p.Offers),
        ["Needs"] = JsonSerializer.Serialize(p.Needs),
        ["Sessions"] = JsonSerializer.Serialize(p.Sessions),
        ["UpdatedAt"] = p.UpdatedAt,
        ["RequestsSent"] = p.RequestsSent,
    };

    private static MeetingProfile ToProfile(TableEntity row) => new()
    {
        EventId = row.PartitionKey,
        RegistrationId = row.GetString("RegistrationId") ?? "",
        ParticipantId = row.GetString("ParticipantId") ?? "",
        ClusterId = row.GetString("ClusterId"),
        Offers = JsonSerializer.Deserialize<string[]>(row.GetString("Offers") ?? "[]") ?? [],
        Needs = JsonSerializer.Deserialize<string[]>(row.GetString("Needs") ?? "[]") ?? [],
        Sessions = JsonSerializer.Deserialize<int[]>(row.GetString("Sessions") ?? "[]") ?? [],
        UpdatedAt = row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        RequestsSent = row.GetInt32("RequestsSent") ?? 0,
    };

    private sealed record StoredOutcome(bool Held, string? Topic, string? NextStep, DateTimeOffset At);

    private static string? Outcome(MeetingOutcome? o) => o is null ? null : JsonSerializer.Serialize(new StoredOutcome(o.Held, o.Topic, o.NextStep, o.At));

    private static MeetingOutcome? Outcome(string? json)
        => json is null || JsonSerializer.Deserialize<StoredOutcome>(json) is not { } o ? null : new MeetingOutcome(o.Held, o.Topic, o.NextStep, o.At);

    private static TableEntity ToRow(MeetingRequest r) => new(r.EventId, RequestKey(r.Id))
    {
        ["From"] = r.From,
        ["To"] = r.To,
        ["FromRegistrationId"] = r.FromRegistrationId,
        ["ToRegistrationId"] = r.ToRegistrationId,
        ["Message"] = r.Message,
        ["State"] = Enums.Name(r.State),
        ["CreatedAt"] = r.CreatedAt,
        ["ChangedAt"] = r.ChangedAt,
        ["AcceptedAt"] = r.AcceptedAt,
        ["ChangeId"] = r.ChangeId,
        ["Slot"] = r.Slot,
        ["Table"] = r.Table,
        ["TakenOff"] = r.TakenOff ? true : null,
        ["FromOutcome"] = Outcome(r.FromOutcome),
        ["ToOutcome"] = Outcome(r.ToOutcome),
    };

    private static MeetingRequest ToRequest(TableEntity row) => new()
    {
        Id = row.RowKey[2..],
        EventId = row.PartitionKey,
        From = row.GetString("From") ?? "",
        To = row.GetString("To") ?? "",
        FromRegistrationId = row.GetString("FromRegistrationId") ?? "",
        ToRegistrationId = row.GetString("ToRegistrationId") ?? "",
        Message = row.GetString("Message") ?? "",
        State = Enums.Parse<MeetingRequestState>(row.GetString("State")) ?? MeetingRequestState.Withdrawn,
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ChangedAt = row.GetDateTimeOffset("ChangedAt"),
        AcceptedAt = row.GetDateTimeOffset("AcceptedAt"),
        ChangeId = row.GetString("ChangeId"),
        Slot = row.GetInt32("Slot"),
        Table = row.GetInt32("Table"),
        TakenOff = row.GetBoolean("TakenOff") ?? false,
        FromOutcome = Outcome(row.GetString("FromOutcome")),
        ToOutcome = Outcome(row.GetString("ToOutcome")),
    };
}
