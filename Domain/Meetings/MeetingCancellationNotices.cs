using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// When a participant's registration is cancelled, their open and accepted meeting requests end: the other
/// side of each is told at once ("withdrawn", with their agenda as it now stands), not at the next scheduler run.
/// Owed for every cancelled call, not only the first: a retry after a failure here owes again, and an email
/// still stored is kept as it is (so none is lost and, while stored, none goes twice).
/// </summary>
public sealed class MeetingCancellationNotices(IEventStore events, IMeetingStore store, IOwedEmailStore owedEmails, RegistrationNotifier notifier,
    TimeProvider time) : IRegistrationCancellationFollowUp
{
    public async Task CancelledAsync(Registration registration, CancellationToken cancellationToken)
    {
        if (await events.GetAsync(registration.EventId, cancellationToken) is not { Meetings: not null }
            || await store.GetProfileAsync(registration.EventId, registration.Id, cancellationToken) is not { } profile)
        {
            return;
        }
        var emails = (await store.RequestsAsync(registration.EventId, cancellationToken))
            .Where(r => r.HoldsPair && r.Involves(profile.ParticipantId))
            .Select(r => new PendingEmail(r.From == profile.ParticipantId ? r.ToRegistrationId : r.FromRegistrationId, RegistrationEmailKind.MeetingWithdrawn, r.Id))
            .ToArray();
        if (emails.Length == 0)
        {
            return;
        }
        await owedEmails.OweAsync(registration.EventId, emails, time.GetUtcNow(), cancellationToken);
        await Task.WhenAll(emails.Select(e => notifier.OwedAsync(e, cancellationToken)));
    }
}
