namespace ClustersCord.Domain.Registrations;

/// <summary>
/// What else a cancelled registration ends, outside the registration's own rows (its meetings). The emails it
/// owes are stored before the cancellation is written (another table: no shared transaction) and queued once
/// it has committed; each is sent only if the cancellation then stands, so a failed one owes nothing.
/// </summary>
public interface IRegistrationCancellationFollowUp
{
    /// <summary>Stores the emails cancelling this (still active) registration will owe; returns them, to be queued after the commit.</summary>
    Task<IReadOnlyList<PendingEmail>> OweBeforeCancellingAsync(string registrationId, CancellationToken cancellationToken);
}
