using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Email;

/// <summary>
/// Stores emails an event owes many of its registrants at once (a change notice, the cancellation, an
/// organiser's message) as <see cref="PendingEmail"/>s, before they are queued: what the sweep finds if
/// a queue message never arrives. Written in batches (one transaction per hundred), not one call each.
/// </summary>
public interface IOwedEmailStore
{
    /// <summary>Stores every email, all of one event; one already stored is kept as it is (a retry writes nothing twice).</summary>
    Task OweAsync(string eventId, IReadOnlyList<PendingEmail> emails, DateTimeOffset now, CancellationToken cancellationToken);
}
