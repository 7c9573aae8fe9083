using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// When a participant's registration is cancelled, their open and accepted meeting requests end: the other side
/// of each is told at once ("withdrawn", naming them, with their agenda as it now stands), not at the next
/// scheduler run. Owed only while the registration is still confirmed (a second cancel owes nothing), before the
/// cancellation is written; <see cref="MeetingEmailContent"/> sends it only once the person no longer stands.
/// </summary>
public sealed class MeetingCancellationNotices(IEventStore events, IRegistrationStore registrations, IMeetingStore store,
    IOwedEmailStore owedEmails, TimeProvider time) : IRegistrationCancellationFollowUp
{
    public async Task<IReadOnlyList<PendingEmail>> OweBeforeCancellingAsync(string registrationId, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId
            || await events.GetAsync(eventId, cancellationToken) is not { Meetings: not null } programmeEvent
            || await registrations.GetAsync(registrationId, cancellationToken) is not { Status: RegistrationStatus.Confirmed }
            || await store.GetProfileAsync(eventId, registrationId, cancellationToken) is not { } profile)
        {
            return [];
        }
        // No instance stamp: this notice is due while the request still holds the pair and this side is gone.
        // Not for a meeting that has begun: it stays on the other side's agenda (MeetingAgendas.HadBegunWhenLeft).
        var slots = programmeEvent.Meetings.Slots();
        var now = time.GetUtcNow();
        var emails = (await store.RequestsAsync(eventId, cancellationToken))
            .Where(r => r.HoldsPair && r.Involves(profile.ParticipantId) && !r.HasBegun(slots, now))
            .Select(r => new PendingEmail(r.OtherRegistrationId(profile.ParticipantId), RegistrationEmailKind.MeetingWithdrawn, r.Id))
            .ToArray();
        if (emails.Length > 0)
        {
            await owedEmails.OweAsync(eventId, emails, time.GetUtcNow(), cancellationToken);
        }
        return emails;
    }
}
