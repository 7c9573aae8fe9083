namespace ClustersCord.Domain.Registrations;

/// <summary>
/// Invitations, kept in their event's partition so that taking one use commits in the same transaction
/// as the registration it admits: however many register at once, no code admits more than its limit.
/// </summary>
public interface IInvitationStore
{
    Task CreateAsync(Invitation invitation, CancellationToken cancellationToken);

    Task<Invitation?> GetAsync(string eventId, string invitationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Invitation>> ListAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Marks the invitation revoked; false when the event has no such invitation.</summary>
    Task<bool> RevokeAsync(string eventId, string invitationId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Admits <paramref name="candidate"/> as <see cref="IRegistrationStore.AdmitAsync"/> does, taking one
    /// use of the invitation in the same transaction; null when the invitation is gone, revoked or used up
    /// by then, or the event's seats are closed. A person already registered gets their registration and takes no use.
    /// </summary>
    Task<Admission?> AdmitAsync(Registration candidate, string invitationId, CancellationToken cancellationToken);

    /// <summary>Erasure: deletes every invitation of the event bound to the person; how many there were.</summary>
    Task<int> ForgetPersonAsync(string eventId, string emailKey, CancellationToken cancellationToken);

    /// <summary>Retention: deletes every invitation of the event; how many there were.</summary>
    Task<int> DeleteAllAsync(string eventId, CancellationToken cancellationToken);
}
