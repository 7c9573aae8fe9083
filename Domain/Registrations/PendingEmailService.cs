using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public sealed record PendingEmailReport(int Sent, int Dropped, int Failed);

/// <summary>
/// Sends the registration emails that did not go out with their request (see <see cref="PendingEmail"/>):
/// each older than the grace is claimed, so that two runs never both send it, then sent if the
/// registration still stands as the email would say, and dropped otherwise.
/// </summary>
public sealed class PendingEmailService(
    IEventStore events,
    IRegistrationStore registrations,
    RegistrationNotifier notifier,
    TimeProvider time)
{
    public async Task<PendingEmailReport> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int sent = 0, failed = 0;
        // Forgetting gathers for a moment to share one write: started here, awaited together at the end.
        var drops = new List<Task>();
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            foreach (var pending in await registrations.ClaimPendingEmailsAsync(programmeEvent.Id, now - PendingEmail.Grace, now, cancellationToken))
            {
                var registration = await registrations.GetAsync(pending.RegistrationId, cancellationToken);
                if (registration is null || !pending.IsStillDue(registration))
                {
                    drops.Add(registrations.RemovePendingEmailAsync(pending, cancellationToken));
                    continue;
                }
                var position = pending.Kind == RegistrationEmailKind.Waitlisted
                    ? await registrations.WaitlistPositionAsync(registration, cancellationToken)
                    : null;
                var status = await notifier.SendAsync(pending, programmeEvent, registration, position, cancellationToken);
                if (status == DeliveryStatus.Transient)
                {
                    failed++;
                }
                else
                {
                    sent++;
                }
            }
        }
        await Task.WhenAll(drops);
        return new PendingEmailReport(sent, drops.Count, failed);
    }
}
