using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>The seats record of an event as last read or written, with the ETag that guards it.</summary>
internal sealed record Seats(CapacityState State, ETag ETag);

/// <summary>
/// Serialises, within this process, every change to one event's partition, and group-commits
/// registrations: requests that arrive while a transaction is in flight wait in a queue and go together
/// in the next one (up to <see cref="MaxAdmissionsPerTransaction"/>), each transaction guarded by the
/// seats record's ETag. A burst for one event thus costs a few transactions instead of hundreds of
/// conflicting ones. Other instances are kept out by the ETag: a 412 reloads the seats and retries,
/// a bounded number of times.
/// </summary>
internal sealed class EventPartitionWriter(string eventId, TableClient table, TimeProvider time)
{
    /// <summary>Each admission writes three rows (registration, duplicate check, pending email), plus the seats row: 33 × 3 + 1 = 100.</summary>
    public const int MaxAdmissionsPerTransaction = 33;
    /// <summary>An entity-group transaction's limit; each invitation used in a batch takes one row more.</summary>
    private const int MaxRowsPerTransaction = 100;
    public const int MaxAttempts = 8;

    private readonly Lock _gate = new();
    private readonly Queue<Work> _queue = new();
    private bool _draining;
    private Seats? _seats; // touched only by the drain loop

    public TableClient Table => table;

    /// <summary>Which of this event's pending emails went out, group-committed into log rows.</summary>
    public SentEmailLog SentEmails { get; } = new(table, eventId, time);

    /// <summary>
    /// Admits the candidate; with <paramref name="invitationId"/>, also takes one use of that invitation in
    /// the same transaction, and answers null when the invitation is missing, revoked or used up.
    /// </summary>
    public Task<Admission?> AdmitAsync(Registration candidate, string? invitationId = null)
    {
        var work = new AdmitWork(candidate, invitationId);
        Enqueue(work);
        return work.Completion.Task;
    }

    /// <summary>
    /// Runs a change that reads and writes the seats record. It gets the current seats (null when the
    /// event has none yet) and returns its result and the seats it wrote (null when it wrote none). A 412
    /// from its transaction reloads the seats and runs it again.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Seats?, Task<(T Result, Seats? Written)>> operation)
    {
        var work = new OperationWork<T>(operation);
        Enqueue(work);
        return work.Completion.Task;
    }

    private void Enqueue(Work work)
    {
        lock (_gate)
        {
            _queue.Enqueue(work);
            if (_draining)
            {
                return;
            }
            _draining = true;
        }
        _ = Task.Run(DrainAsync);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Work> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = [_queue.Dequeue()];
                var invitations = new HashSet<string>(StringComparer.Ordinal);
                if (batch[0] is AdmitWork { InvitationId: { } first })
                {
                    invitations.Add(first);
                }
                while (batch[0] is AdmitWork && _queue.TryPeek(out var next) && next is AdmitWork admit && Fits(batch.Count + 1, invitations, admit.InvitationId))
                {
                    batch.Add(_queue.Dequeue());
                    if (admit.InvitationId is { } invitation)
                    {
                        invitations.Add(invitation);
                    }
                }
            }
            try
            {
                if (batch[0] is AdmitWork)
                {
                    await CommitAdmissionsAsync(batch.Cast<AdmitWork>().ToList());
                }
                else
                {
                    await ((IOperation)batch[0]).RunAsync(this);
                }
            }
            catch (Exception e)
            {
                _seats = null;
                foreach (var work in batch)
                {
                    work.Fail(e);
                }
            }
        }
    }

    /// <summary>Whether a batch of <paramref name="admissions"/>, one more using <paramref name="invitationId"/>, fits one transaction.</summary>
    private static bool Fits(int admissions, HashSet<string> invitations, string? invitationId)
        => 1 + 3 * admissions + invitations.Count + (invitationId is not null && !invitations.Contains(invitationId) ? 1 : 0) <= MaxRowsPerTransaction;

    internal async Task<Seats?> CurrentSeatsAsync()
    {
        if (_seats is null)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Seats);
            _seats = row.HasValue ? new Seats(RegistrationEntities.ToSeats(row.Value!), row.Value!.ETag) : null;
        }
        return _seats;
    }

    internal void Remember(Seats? written) => _seats = written;

    internal void Forget() => _seats = null;

    private async Task CommitAdmissionsAsync(List<AdmitWork> works)
    {
        // The same person twice in one batch: the first registers, the others get that registration.
        var leaders = new Dictionary<string, AdmitWork>(StringComparer.Ordinal);
        var pending = new List<AdmitWork>();
        foreach (var work in works)
        {
            if (leaders.TryGetValue(work.Candidate.EmailKey, out var leader))
            {
                Follow(work, leader);
            }
            else
            {
                leaders[work.Candidate.EmailKey] = work;
                pending.Add(work);
            }
        }
        var attempt = 0;
        while (pending.Count > 0)
        {
            var seats = await CurrentSeatsAsync() ?? throw new InvalidOperationException($"Event {eventId} has no seats record.");
            var state = seats.State;
            var actions = new List<TableTransactionAction> { null! };
            var owners = new List<AdmitWork?> { null };
            var admissions = new List<(AdmitWork Work, Admission Admission)>();
            // Read afresh on every attempt: a use is taken under the row's ETag, so a revocation or another
            // instance's use in between fails the transaction (412) and this loop decides again.
            var invitations = await ReadInvitationsAsync(pending);
            var taken = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var work in pending.ToList())
            {
                if (work.InvitationId is { } invitationId)
                {
                    var row = invitations[invitationId];
                    var uses = taken.GetValueOrDefault(invitationId);
                    if (row is null || !(InvitationEntities.ToInvitation(row) with { Uses = (row.GetInt32(InvitationEntities.Uses) ?? 0) + uses }).IsUsable)
                    {
                        work.Completion.TrySetResult(null);
                        pending.Remove(work);
                        continue;
                    }
                    taken[invitationId] = uses + 1;
                }
                var (next, status, ticket, position) = state.Admit();
                state = next;
                var registration = work.Candidate with
                {
                    Status = status,
                    WaitlistTicket = ticket,
                    ConfirmedAt = status == RegistrationStatus.Confirmed ? work.Candidate.RegisteredAt : null,
                };
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.ToEntity(registration)));
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.Pointer(eventId, RegistrationKeys.Email(registration.EmailKey), registration.Id)));
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.PendingEmail(eventId, registration.Id, PendingEmail.KindFor(status), registration.RegisteredAt)));
                owners.Add(work);
                owners.Add(work);
                owners.Add(work);
                admissions.Add((work, new Admission(registration, Created: true, position)));
            }
            if (pending.Count == 0)
            {
                break;
            }
            foreach (var (invitationId, count) in taken)
            {
                var row = invitations[invitationId]!;
                actions.Add(new(TableTransactionActionType.UpdateMerge, InvitationEntities.TakeUses(row, count), row.ETag));
                owners.Add(null);
            }
            actions[0] = new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(eventId, state), seats.ETag);
            try
            {
                var response = await table.SubmitTransactionAsync(actions);
                _seats = Written(state, response.Value[0]);
                foreach (var (work, admission) in admissions)
                {
                    work.Completion.TrySetResult(admission);
                }
                pending.Clear();
            }
            catch (TableTransactionFailedException e) when (e.Status == 412)
            {
                // Another instance changed the seats: reload and try again, a bounded number of times.
                _seats = null;
                if (++attempt >= MaxAttempts)
                {
                    throw new StorageContentionException(eventId, e);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 << attempt)));
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is { } index && owners[index] is { } duplicate)
            {
                // That person registered meanwhile (another instance, or an earlier try whose answer was lost).
                var existing = await FindByEmailAsync(table, eventId, duplicate.Candidate.EmailKey);
                if (existing is not null)
                {
                    var created = existing.Id == duplicate.Candidate.Id;
                    duplicate.Completion.TrySetResult(new Admission(existing, created, await WaitlistPositionAsync(table, existing)));
                    pending.Remove(duplicate);
                }
                _seats = null;
            }
        }
    }

    /// <summary>The invitation rows the pending admissions use, by id; null where there is none.</summary>
    private async Task<Dictionary<string, TableEntity?>> ReadInvitationsAsync(List<AdmitWork> pending)
    {
        var rows = new Dictionary<string, TableEntity?>(StringComparer.Ordinal);
        foreach (var id in pending.Select(w => w.InvitationId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Invitation(id));
            rows[id] = row.HasValue ? row.Value : null;
        }
        return rows;
    }

    private static void Follow(AdmitWork follower, AdmitWork leader)
        => leader.Completion.Task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                follower.Completion.TrySetResult(t.Result is null ? null : t.Result with { Created = false });
            }
            else
            {
                follower.Completion.TrySetException(t.Exception?.InnerException ?? new InvalidOperationException("Registration failed."));
            }
        }, TaskScheduler.Default);

    internal static Seats? Written(CapacityState state, Response response)
        => response.Headers.ETag is { } etag ? new Seats(state, etag) : null;

    internal static async Task<Registration?> FindByEmailAsync(TableClient table, string eventId, string emailKey)
    {
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Email(emailKey));
        if (!pointer.HasValue || pointer.Value!.GetString("RegistrationId") is not { } id)
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(id));
        return row.HasValue ? RegistrationEntities.ToRegistration(row.Value!) : null;
    }

    /// <summary>Dense 1-based place on the waiting list: the waiting registrations with a smaller ticket, plus one.</summary>
    internal static async Task<int?> WaitlistPositionAsync(TableClient table, Registration registration, CancellationToken cancellationToken = default)
    {
        if (registration is not { Status: RegistrationStatus.Waitlisted, WaitlistTicket: { } ticket })
        {
            return null;
        }
        var filter = RegistrationKeys.Registrations(registration.EventId) + " and "
                     + TableClient.CreateQueryFilter($"Status eq {Enums.Name(RegistrationStatus.Waitlisted)} and WaitlistTicket lt {ticket}");
        var ahead = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ahead++;
        }
        return ahead + 1;
    }

    private abstract class Work
    {
        public abstract void Fail(Exception exception);
    }

    private interface IOperation
    {
        Task RunAsync(EventPartitionWriter writer);
    }

    private sealed class AdmitWork(Registration candidate, string? invitationId) : Work
    {
        public Registration Candidate { get; } = candidate;
        public string? InvitationId { get; } = invitationId;
        public TaskCompletionSource<Admission?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed class OperationWork<T>(Func<Seats?, Task<(T Result, Seats? Written)>> operation) : Work, IOperation
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);

        public async Task RunAsync(EventPartitionWriter writer)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var (result, written) = await operation(await writer.CurrentSeatsAsync());
                    if (written is not null)
                    {
                        writer.Remember(written);
                    }
                    Completion.TrySetResult(result);
                    return;
                }
                catch (RequestFailedException e) when (e.Status is 412 or 409 && attempt < MaxAttempts)
                {
                    writer.Forget();
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 << attempt)));
                }
            }
        }
    }
}

/// <summary>Too many other writers changed an event at once; the caller may try again shortly.</summary>
public sealed class StorageContentionException(string eventId, Exception inner)
    : Exception($"Event {eventId} is changing too fast to commit; try again.", inner);
