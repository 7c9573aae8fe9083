namespace ClustersCord.Domain.Reminders;

public enum ReminderStatus
{
    /// <summary>Due (or soon) and not yet sent.</summary>
    Pending,
    /// <summary>A run has claimed it and is sending it now.</summary>
    Sending,
    Sent,
    /// <summary>The last try failed for a passing reason; a later run tries again.</summary>
    Failed,
    /// <summary>The email provider refused it; trying again would not help.</summary>
    Refused,
    /// <summary>Not sent on purpose: registered after it was due, a later reminder superseded it, or reminders were stopped.</summary>
    Skipped,
}

/// <summary>
/// The durable record of one reminder for one registration: what makes "exactly once" hold across runs,
/// instances and crashes. A run claims a record before sending (a conditional write), so two runs never
/// send the same one; a claim older than the lease is taken over, so a run that died loses nothing.
/// </summary>
public sealed record ReminderRecord
{
    public required string EventId { get; init; }
    public required string RegistrationId { get; init; }
    public required string Offset { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required ReminderStatus Status { get; init; }
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public int Attempts { get; init; }
    public string? Reason { get; init; }
    /// <summary>The storage version the record was read at; a write with it fails if anyone wrote since.</summary>
    public string? Version { get; init; }
}
