using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// One change waiting for an event's writer. It is either started by the writer or expired by its
/// caller (deadline passed, caller gone), never both: an expired change is skipped, so a request that
/// answered 503 stores nothing.
/// </summary>
internal abstract class PartitionWork(DateTimeOffset deadline)
{
    private const int Queued = 0, Started = 1, Expired = 2;
    private int _state;

    public DateTimeOffset Deadline { get; } = deadline;

    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    public bool TryExpire() => Interlocked.CompareExchange(ref _state, Expired, Queued) == Queued;

    public abstract void Fail(Exception exception);
}

/// <summary>An admission, group-committed with others; with an invitation, it takes one use of it.</summary>
internal sealed class AdmitWork(Registration candidate, string? invitationId, DateTimeOffset deadline) : PartitionWork(deadline)
{
    public Registration Candidate { get; } = candidate;
    public string? InvitationId { get; } = invitationId;
    public TaskCompletionSource<Admission?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public override void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>A change that reads and writes the seats record, alone in its turn.</summary>
internal interface IPartitionOperation
{
    Task RunAsync(EventPartitionWriter writer);
}

internal sealed class OperationWork<T>(Func<Seats?, Task<(T Result, Seats? Written)>> operation, DateTimeOffset deadline)
    : PartitionWork(deadline), IPartitionOperation
{
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception exception) => Completion.TrySetException(exception);

    /// <summary>A 409 or 412 reloads the seats and runs the operation again, a bounded number of times, while its deadline lasts.</summary>
    public async Task RunAsync(EventPartitionWriter writer)
    {
        for (var conflicts = 0; ;)
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
            catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
            {
                writer.Forget();
                await writer.AfterConflictAsync(++conflicts, Deadline, e);
            }
        }
    }
}
