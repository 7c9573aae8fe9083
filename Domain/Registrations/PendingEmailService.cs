using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public sealed record PendingEmailReport(int Sent, int Dropped, int Failed)
{
    /// <summary>Pending emails (or events) that failed and were passed over, so that the run reached the others.</summary>
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];
}

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
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One bad record never stops the run; its claim lapses and a later run tries again.
                    problems.Add(RunProblem.Of(pending.RegistrationId, e));
                    failed++;
                }
            }
        }
        await Task.WhenAll(drops);
        return new PendingEmailReport(sent, drops.Count, failed) { Problems = problems };
    }
}
