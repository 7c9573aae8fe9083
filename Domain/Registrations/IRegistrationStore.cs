using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// Where registrations and each event's seats are kept. Every operation that changes a status changes
/// the event's <see cref="CapacityState"/> in the same transaction, so no event is ever overbooked and
/// the counts always equal the rows.
/// </summary>
public interface IRegistrationStore
{
    Task<CapacityState?> GetCapacityAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the number of seats (creating the record for a new event) and promotes from the waiting list
    /// into any seats that opened, each promotion with its <see cref="PendingEmail"/>. Refused when below
    /// the confirmed count, and once the seats are closed (<see cref="CapacityState.Closed"/>: the event is cancelled).
    /// </summary>
    Task<CapacityChange> SetCapacityAsync(string eventId, int capacity, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new registration with a seat if one is left, else on the waiting list, together with the
    /// <see cref="PendingEmail"/> that tells the person; or, when the same person (same
    /// <see cref="Registration.EmailKey"/>) is already registered, returns that registration. Null once the
    /// event's seats are closed (<see cref="CloseAsync"/>): nothing is stored.
    /// </summary>
    Task<Admission?> AdmitAsync(Registration candidate, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the event's seats for good (<see cref="CapacityState.Closed"/>), under the seats record's ETag:
    /// every admission committed before is in the partition, every later one is refused. An event cancels
    /// this way before it tells its registrants, so nobody admitted meanwhile goes untold. Returns the seats as
    /// closed; null for an event that has none.
    /// </summary>
    Task<CapacityState?> CloseAsync(string eventId, CancellationToken cancellationToken);

    Task<Registration?> GetAsync(string registrationId, CancellationToken cancellationToken);

    /// <summary>1-based place on the waiting list; null unless waitlisted.</summary>
    Task<int?> WaitlistPositionAsync(Registration registration, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels (freeing the seat or the waiting-list place) and promotes the first waiting, each promotion
    /// with its <see cref="PendingEmail"/>.
    /// </summary>
    Task<Cancellation?> CancelAsync(string registrationId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Page<Registration>> ListAsync(string eventId, RegistrationStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    IAsyncEnumerable<Registration> AllAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a stop of reminders (<see cref="Registration.RemindersStopped"/>; a check-in goes through
    /// <see cref="ChangeCheckInAsync"/>) on the registration as it stands now: never its status, never onto
    /// an anonymised registration.
    /// </summary>
    Task UpdateAsync(Registration registration, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a check-in change (<see cref="Registration.CheckIn(DateOnly, DateTimeOffset)"/>,
    /// <see cref="Registration.UndoCheckIn"/>) to the registration as it stands now, under its ETag; returns
    /// the registration after it (unchanged when the change changed nothing, or when anonymised), null
    /// for an unknown one.
    /// </summary>
    Task<Registration?> ChangeCheckInAsync(string registrationId, Func<Registration, Registration> change, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the registration with its <see cref="Registration.Anonymise"/>d record and drops, in the same
    /// transaction, what still points at the person: their index rows and the emails still owed to them.
    /// Null for an unknown registration.
    /// </summary>
    Task<Anonymisation?> AnonymiseAsync(string registrationId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Every registration of a person (by <see cref="Registration.EmailKey"/>) for one event that is not yet
    /// anonymised, active or cancelled: the person index erasure reads, event by event.
    /// </summary>
    Task<IReadOnlyList<string>> RegistrationIdsOfAsync(string eventId, string emailKey, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an event's pending emails that were left (or last claimed) before <paramref name="olderThan"/>
    /// and are not yet forgotten: each one returned is stamped <paramref name="now"/>, so another run leaves
    /// it alone for as long. Cleans up what was forgotten before <paramref name="olderThan"/>. Emails held in
    /// a batch (<see cref="PendingEmail.Batch"/>) are returned unclaimed: the caller claims them with
    /// <see cref="IGatheredEmailClaims"/>, all of a batch in one write.
    /// </summary>
    Task<IReadOnlyList<PendingEmail>> ClaimPendingEmailsAsync(string eventId, DateTimeOffset olderThan, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a pending email (sent or refused), possibly a moment later, together with others (one held in
    /// a batch, <see cref="PendingEmail.Batch"/>, at once, from its batch's record). Best
    /// effort, never throws: a failure is logged, since the email has gone out; a pending email left
    /// behind is sent once more after the grace, never lost.
    /// </summary>
    Task RemovePendingEmailAsync(PendingEmail email, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the sending of a registration's manage link again: unless it was claimed less than
    /// <paramref name="interval"/> before <paramref name="now"/> (by any instance), records the claim and the
    /// <see cref="PendingEmail"/> of kind <see cref="Email.RegistrationEmailKind.LinkResent"/> together in
    /// one transaction and returns that email; otherwise, or when another request claimed it at the same
    /// moment, null.
    /// </summary>
    Task<PendingEmail?> ClaimLinkResendAsync(Registration registration, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken);
}

public sealed record Admission(Registration Registration, bool Created, int? WaitlistPosition)
{
    /// <summary>The email a created admission owes, as stored with it (in its transaction's shared record); null for one not created.</summary>
    public PendingEmail? Email { get; init; }

    /// <summary>The owed email to queue: as stored, or (from a store that does not say) one of its own.</summary>
    public PendingEmail OwedEmail => Email ?? new PendingEmail(Registration.Id, PendingEmail.KindFor(Registration.Status));
}

public sealed record Cancellation(Registration Registration, bool Changed, IReadOnlyList<Registration> Promoted);

/// <param name="Changed">False when it was anonymised already.</param>
/// <param name="PendingEmails">Emails still owed to the person that were dropped.</param>
public sealed record Anonymisation(bool Changed, int PendingEmails);

public sealed record CapacityChange(bool Refused, CapacityState State, IReadOnlyList<Registration> Promoted);
