namespace ClustersCord.Domain.Registrations;

/// <summary>
/// What else a cancelled registration ends, outside the registration's own rows (its meetings): called after
/// the cancellation has committed, on every call that finds the registration cancelled, so it must be idempotent.
/// </summary>
public interface IRegistrationCancellationFollowUp
{
    Task CancelledAsync(Registration registration, CancellationToken cancellationToken);
}
