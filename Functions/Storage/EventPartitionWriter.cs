using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>The seats record of an event as last read or written, with the ETag that guards it.</summary>
internal sealed record Seats(CapacityState State, ETag ETag);

/// <summary>How much one writer holds and how long a change may wait (see RegistrationOptions).</summary>
internal sealed record WriterBounds(int QueueCapacity, TimeSpan Deadline);

/// <summary>
/// Serialises, within this process, every change to one event's partition, and group-commits
/// registrations: requests that arrive while a transaction is in flight wait in a bounded queue and go
/// together in the next one (see <see cref="CommitAdmissionsAsync"/>), each transaction guarded by the
/// seats record's ETag. A burst for one event thus costs a few transactions instead of hundreds of
/// conflicting ones. Other instances are kept out by the ETag: a conflict reloads and retries, a bounded
/// number of times. A change that finds the queue full, or cannot start before its deadline, is refused
/// (<see cref="StorageContentionException"/>, a 503) and never committed.
/// </summary>
internal sealed partial class EventPartitionWriter
{
    /// <summary>Conflicts (412, or a 409 that settled nothing) a change meets before it gives up.</summary>
    public const int MaxConflicts = 8;

    private readonly string _eventId;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly WriterBounds _bounds;
    private readonly Channel<PartitionWork> _queue;
    private readonly Lazy<SentEmailLog> _sentEmails;
    private int _draining;
    private Seats? _seats; // touched only by the drain loop

    public EventPartitionWriter(string eventId, TableClient table, TimeProvider time, WriterBounds bounds)
    {
        (_eventId, _table, _time, _bounds) = (eventId, table, time, bounds);
        _queue = Channel.CreateBounded<PartitionWork>(new BoundedChannelOptions(bounds.QueueCapacity) { SingleReader = true });
        _sentEmails = new(() => new SentEmailLog(table, eventId, time));
    }

    public TableClient Table => _table;

    /// <summary>Which of this event's pending emails went out, group-committed into log rows.</summary>
    public SentEmailLog SentEmails => _sentEmails.Value;

    /// <summary>
    /// Admits the candidate; with <paramref name="invitationId"/>, also takes one use of that invitation in
    /// the same transaction, and answers null when the invitation is missing, revoked or used up. Answers null
    /// too once the event's seats are closed.
    /// </summary>
    public Task<Admission?> AdmitAsync(Registration candidate, string? invitationId, CancellationToken cancellationToken)
    {
        var work = new AdmitWork(candidate, invitationId, _time.GetUtcNow() + _bounds.Deadline);
        return EnqueueAsync(work, work.Completion.Task, cancellationToken);
    }

    /// <summary>
    /// Runs a change that reads and writes the seats record. It gets the current seats (null when the
    /// event has none yet) and returns its result and the seats it wrote (null when it wrote none). A 409
    /// or 412 from its writes reloads the seats and runs it again.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Seats?, Task<(T Result, Seats? Written)>> operation, CancellationToken cancellationToken)
    {
        var work = new OperationWork<T>(operation, _time.GetUtcNow() + _bounds.Deadline);
        return EnqueueAsync(work, work.Completion.Task, cancellationToken);
    }

    private async Task<T> EnqueueAsync<T>(PartitionWork work, Task<T> completion, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(work))
        {
            throw StorageContentionException.QueueFull(_eventId);
        }
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        try
        {
            return await completion.WaitAsync(_bounds.Deadline, _time, cancellationToken);
        }
        catch (TimeoutException) when (work.TryExpire())
        {
            throw StorageContentionException.DeadlinePassed(_eventId);
        }
        catch (TimeoutException)
        {
            // Started before its deadline (or a storage timeout of its own): its transaction may commit, so the
            // answer waits for it. That wait is bounded by the conflict loop, which checks the deadline, and by
            // the storage client's timeouts.
            return await completion;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            work.TryExpire(); // the caller is gone: skip it unless it started
            throw;
        }
    }

    /// <summary>One reader for the life of the writer: takes a change, or a batch of admissions, at a time.</summary>
    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            if (!reader.TryRead(out var first) || !Start(first))
            {
                continue;
            }
            var batch = new List<PartitionWork> { first };
            try
            {
                if (first is AdmitWork admit)
                {
                    var admissions = GatherAdmissions(reader, admit);
                    batch = [.. admissions];
                    await CommitAdmissionsAsync(admissions);
                }
                else
                {
                    await ((IPartitionOperation)first).RunAsync(this);
                }
            }
            catch (Exception e)
            {
                _seats = null;
                batch.ForEach(w => w.Fail(e));
            }
        }
    }

    /// <summary>Starts a change unless its caller gave up or its deadline passed; an expired change is never run.</summary>
    private bool Start(PartitionWork work)
    {
        if (_time.GetUtcNow() >= work.Deadline && work.TryExpire())
        {
            work.Fail(StorageContentionException.DeadlinePassed(_eventId));
            return false;
        }
        return work.TryStart();
    }

    /// <summary>The admissions waiting right behind <paramref name="first"/> that fit its transaction.</summary>
    private List<AdmitWork> GatherAdmissions(ChannelReader<PartitionWork> reader, AdmitWork first)
    {
        var batch = new List<AdmitWork> { first };
        var invitations = new HashSet<string>(StringComparer.Ordinal);
        if (first.InvitationId is { } firstInvitation)
        {
            invitations.Add(firstInvitation);
        }
        while (reader.TryPeek(out var next) && next is AdmitWork admit && Fits(batch.Count + 1, invitations, admit.InvitationId))
        {
            reader.TryRead(out _);
            if (!Start(admit))
            {
                continue;
            }
            batch.Add(admit);
            if (admit.InvitationId is { } invitation)
            {
                invitations.Add(invitation);
            }
        }
        return batch;
    }

    /// <summary>
    /// After a conflict: gives up once there were <see cref="MaxConflicts"/>; else waits (not at all after
    /// the first, a single foreign change needs only the reload; then a growing, jittered back-off that
    /// ends at the deadline), and gives up if the deadline has passed.
    /// </summary>
    internal async Task AfterConflictAsync(int conflicts, DateTimeOffset deadline, Exception conflict)
    {
        if (conflicts >= MaxConflicts)
        {
            throw StorageContentionException.ConflictsExhausted(_eventId, conflict);
        }
        if (conflicts > 1)
        {
            var backOff = TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 << conflicts));
            var left = deadline - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(backOff < left ? backOff : left, _time);
            }
        }
        if (_time.GetUtcNow() >= deadline)
        {
            throw StorageContentionException.DeadlinePassed(_eventId);
        }
    }

    internal async Task<Seats?> CurrentSeatsAsync()
    {
        if (_seats is null)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(_eventId, RegistrationKeys.Seats);
            _seats = row.HasValue ? new Seats(RegistrationEntities.ToSeats(row.Value!), row.Value!.ETag) : null;
        }
        return _seats;
    }

    internal void Remember(Seats? written) => _seats = written;

    internal void Forget() => _seats = null;

    internal static Seats? Written(CapacityState state, Response response)
        => response.Headers.ETag is { } etag ? new Seats(state, etag) : null;
}
