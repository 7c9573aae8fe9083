using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public enum PendingEmailOutcome
{
    Sent,
    Refused,
    /// <summary>The registration no longer stands as the email would say: forgotten unsent.</summary>
    Dropped,
    /// <summary>Sent or dropped already, or another delivery holds it.</summary>
    NotOwed,
}

public sealed record PendingEmailReport(int Sent, int Dropped, int Failed)
{
    /// <summary>Pending emails (or events) that failed and were passed over, so that the run reached the others.</summary>
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];
}

/// <summary>
/// Delivers registration emails (see <see cref="PendingEmail"/>): one at a time from the queue
/// (<see cref="DeliverAsync"/>), and as the sweep (<see cref="SendDueAsync"/>) those whose message never
/// arrived or failed for good: each older than the grace is claimed, so that two runs never both send it.
/// Either way an email is sent only if the registration still stands as it would say, and dropped otherwise.
/// </summary>
public sealed class PendingEmailService(
    IEventStore events,
    IRegistrationStore registrations,
    IPendingEmailClaims claims,
    RegistrationNotifier notifier,
    IEmailRefusalStore refusals,
    TimeProvider time)
{
    /// <summary>
    /// Delivers one queued email: nothing when it is no longer owed or another delivery holds it; throws
    /// <see cref="EmailDeliveryDeferredException"/> when the provider did not take it, so the queue tries again.
    /// </summary>
    /// <param name="waitlistPosition">The place the queue message carries; counted from storage when it carries none.</param>
    public async Task<PendingEmailOutcome> DeliverAsync(PendingEmail pending, int? waitlistPosition, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(pending.RegistrationId) is not { } eventId
            || !await claims.ClaimAsync(pending, time.GetUtcNow(), cancellationToken))
        {
            return PendingEmailOutcome.NotOwed;
        }
        var delivered = false;
        try
        {
            var registration = await registrations.GetAsync(pending.RegistrationId, cancellationToken);
            var programmeEvent = await events.GetAsync(eventId, cancellationToken);
            if (programmeEvent is not null && pending.IsAhead(programmeEvent))
            {
                // Left for the sweep, which reads the event fresh after the grace (released below).
                return PendingEmailOutcome.NotOwed;
            }
            if (registration is null || programmeEvent is null || !pending.IsStillDue(registration, programmeEvent))
            {
                await registrations.RemovePendingEmailAsync(pending, cancellationToken);
                delivered = true;
                return PendingEmailOutcome.Dropped;
            }
            // Counting the places ahead reads the event's partition: only when the message did not say.
            var position = pending.Kind != RegistrationEmailKind.Waitlisted ? null
                : waitlistPosition ?? await registrations.WaitlistPositionAsync(registration, cancellationToken);
            var delivery = await notifier.SendAsync(pending, programmeEvent, registration, position, cancellationToken);
            if (delivery.Status == DeliveryStatus.Transient)
            {
                throw new EmailDeliveryDeferredException("The provider did not take the email; it is tried again.");
            }
            if (delivery is { Status: DeliveryStatus.Refused, StatusCode: { } refusedWith })
            {
                // Recorded before it is marked done: should this fail, the queue tries again (and records it then).
                await refusals.RecordAsync(EmailRefusal.Of(pending, refusedWith, time.GetUtcNow()), cancellationToken);
            }
            // Marked on its own row and awaited: a second message for the same email must find it done.
            await claims.CompleteAsync(pending, cancellationToken);
            delivered = true;
            return delivery.Status == DeliveryStatus.Accepted ? PendingEmailOutcome.Sent : PendingEmailOutcome.Refused;
        }
        finally
        {
            if (!delivered)
            {
                await claims.ReleaseAsync(pending, CancellationToken.None);
            }
        }
    }

    public async Task<PendingEmailReport> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int sent = 0, failed = 0;
        // Forgetting gathers for a moment to share one write: started here, awaited together at the end.
        var drops = new List<Task>();
        var forgets = new List<Task>();
        var problems = new List<RunProblem>();
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            IReadOnlyList<PendingEmail> claimed;
            try
            {
                claimed = await registrations.ClaimPendingEmailsAsync(programmeEvent.Id, now - PendingEmail.Grace, now, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add(RunProblem.Of(programmeEvent.Id, e));
                continue;
            }
            foreach (var pending in claimed)
            {
                try
                {
                    var registration = await registrations.GetAsync(pending.RegistrationId, cancellationToken);
                    // An event still behind its notice after the grace never saved that change: dropped.
                    if (registration is null || !pending.IsStillDue(registration, programmeEvent))
                    {
                        drops.Add(registrations.RemovePendingEmailAsync(pending, cancellationToken));
                        continue;
                    }
                    var position = pending.Kind == RegistrationEmailKind.Waitlisted
                        ? await registrations.WaitlistPositionAsync(registration, cancellationToken)
                        : null;
                    var delivery = await notifier.SendAsync(pending, programmeEvent, registration, position, cancellationToken);
                    forgets.Add(delivery.Forgotten);
                    if (delivery.Status == DeliveryStatus.Transient)
                    {
                        failed++;
                    }
                    else
                    {
                        if (delivery is { Status: DeliveryStatus.Refused, StatusCode: { } refusedWith })
                        {
                            await refusals.RecordAsync(EmailRefusal.Of(pending, refusedWith, now), cancellationToken);
                        }
                        // A queue message for it that comes late must find it done.
                        forgets.Add(claims.CompleteAsync(pending, cancellationToken));
                        sent++;
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One bad record never stops the run; its claim lapses and a later run tries again.
                    problems.Add(RunProblem.Of(pending.RegistrationId, e));
                    failed++;
                }
            }
        }
        await Task.WhenAll(drops.Concat(forgets));
        return new PendingEmailReport(sent, drops.Count, failed) { Problems = problems };
    }
}
