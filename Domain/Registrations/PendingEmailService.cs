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
/// Delivers registration emails (see <see cref="PendingEmail"/>): those a queue message names, together
/// (<see cref="DeliverGatheredAsync"/>), and as the sweep (<see cref="SendDueAsync"/>) those whose message never
/// arrived or failed for good: each older than the grace is claimed, so that two runs never both send it.
/// Either way an email is sent only if the registration still stands as it would say, and dropped otherwise.
/// </summary>
public sealed class PendingEmailService(
    IEventStore events,
    IRegistrationStore registrations,
    IPendingEmailClaims claims,
    IGatheredEmailClaims gatheredClaims,
    RegistrationNotifier notifier,
    IEmailRefusalStore refusals,
    TimeProvider time)
{
    /// <summary>Registrations read at once while a gathered message is delivered.</summary>
    private const int ParallelReads = 8;

    /// <summary>
    /// Delivers the emails of one gathered queue message, each only while still owed and due (and claimed, so
    /// that two deliveries of one message never both send it), in few requests: per event, one claim of all of them (<see cref="IGatheredEmailClaims"/>), the
    /// event read once, the emails sent with as few provider requests as they allow
    /// (<see cref="RegistrationNotifier.SendGatheredAsync"/>; organiser messages and meeting emails one at a
    /// time), and one mark of all that were sent, refused or dropped. Those the provider did not take are
    /// released and, once the others are marked, the whole message is tried again
    /// (<see cref="EmailDeliveryDeferredException"/>): its retry finds the others done and sends only what is owed.
    /// </summary>
    public async Task<IReadOnlyList<(PendingEmail Email, PendingEmailOutcome Outcome)>> DeliverGatheredAsync(
        IReadOnlyList<(PendingEmail Email, int? WaitlistPosition)> queued, CancellationToken cancellationToken)
    {
        var outcomes = new List<(PendingEmail, PendingEmailOutcome)>();
        var deferred = false;
        Exception? failure = null;
        foreach (var byEvent in queued.GroupBy(q => RegistrationIds.EventIdOf(q.Email.RegistrationId)))
        {
            if (byEvent.Key is not { } eventId)
            {
                outcomes.AddRange(byEvent.Select(q => (q.Email, PendingEmailOutcome.NotOwed)));
                continue;
            }
            try
            {
                var (ofEvent, transient) = await DeliverOfEventAsync(eventId, byEvent.ToList(), cancellationToken);
                outcomes.AddRange(ofEvent);
                deferred |= transient;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The other events' emails are still delivered; this one's retry finds them done.
                failure ??= e;
            }
        }
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        if (deferred)
        {
            throw new EmailDeliveryDeferredException("The provider did not take every email of the message; it is tried again.");
        }
        return outcomes;
    }

    private async Task<(List<(PendingEmail, PendingEmailOutcome)> Outcomes, bool Transient)> DeliverOfEventAsync(
        string eventId, List<(PendingEmail Email, int? WaitlistPosition)> queued, CancellationToken cancellationToken)
    {
        var outcomes = new List<(PendingEmail, PendingEmailOutcome)>();
        var claimed = await gatheredClaims.ClaimAllAsync(eventId, queued.Select(q => q.Email).ToList(), time.GetUtcNow(), cancellationToken);
        var claimedKeys = claimed.ToHashSet();
        outcomes.AddRange(queued.Where(q => !claimedKeys.Contains(q.Email)).Select(q => (q.Email, PendingEmailOutcome.NotOwed)));
        if (claimed.Count == 0)
        {
            return (outcomes, false);
        }
        var done = new List<PendingEmail>();
        var transient = false;
        var marked = false;
        Exception? refusalNotRecorded = null;
        try
        {
            var programmeEvent = await events.GetAsync(eventId, cancellationToken);
            var registrationsRead = new Registration?[claimed.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
                async (i, token) => registrationsRead[i] = await registrations.GetAsync(claimed[i].RegistrationId, token));
            var positions = queued.GroupBy(q => q.Email).ToDictionary(g => g.Key, g => g.First().WaitlistPosition);
            var gathered = new List<OwedEmail>();
            var alone = new List<OwedEmail>();
            for (var i = 0; i < claimed.Count; i++)
            {
                var pending = claimed[i];
                var registration = registrationsRead[i];
                if (programmeEvent is not null && pending.IsAhead(programmeEvent))
                {
                    // Left for the sweep, which reads the event fresh after the grace (released below).
                    outcomes.Add((pending, PendingEmailOutcome.NotOwed));
                    continue;
                }
                if (registration is null || programmeEvent is null || !pending.IsStillDue(registration, programmeEvent))
                {
                    done.Add(pending);
                    outcomes.Add((pending, PendingEmailOutcome.Dropped));
                    continue;
                }
                // Counting the places ahead reads the event's partition: only when the message did not say.
                var position = pending.Kind != RegistrationEmailKind.Waitlisted ? null
                    : positions.GetValueOrDefault(pending) ?? await registrations.WaitlistPositionAsync(registration, cancellationToken);
                var owed = new OwedEmail(pending, registration, position);
                (RegistrationNotifier.IsSentAlone(pending.Kind, programmeEvent) ? alone : gathered).Add(owed);
            }
            var answers = new List<(OwedEmail Owed, DeliveryStatus Status, int? StatusCode)>();
            if (gathered.Count > 0)
            {
                var sent = await notifier.SendGatheredAsync(programmeEvent!, gathered, cancellationToken);
                answers.AddRange(gathered.Select((o, k) => (o, sent[k].Status, sent[k].StatusCode)));
            }
            foreach (var owed in alone)
            {
                var delivery = await notifier.SendAsync(owed.Email, programmeEvent!, owed.Registration, owed.Position, cancellationToken);
                if (delivery.Dropped)
                {
                    done.Add(owed.Email);
                    outcomes.Add((owed.Email, PendingEmailOutcome.Dropped));
                    continue;
                }
                answers.Add((owed, delivery.Status, delivery.StatusCode));
            }
            var now = time.GetUtcNow();
            foreach (var (owed, status, statusCode) in answers)
            {
                if (status == DeliveryStatus.Transient)
                {
                    transient = true;
                    continue;
                }
                if (status == DeliveryStatus.Refused && statusCode is { } refusedWith)
                {
                    try
                    {
                        // Recorded before it is marked done: should this fail, the queue tries again (and records it then).
                        await refusals.RecordAsync(EmailRefusal.Of(owed.Email, refusedWith, now), cancellationToken);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        refusalNotRecorded ??= e;
                        continue;
                    }
                }
                done.Add(owed.Email);
                outcomes.Add((owed.Email, status == DeliveryStatus.Accepted ? PendingEmailOutcome.Sent : PendingEmailOutcome.Refused));
            }
            // Marked on their own rows, in one write, and awaited: a second message for them must find them done.
            await gatheredClaims.CompleteAllAsync(eventId, done, now, cancellationToken);
            marked = true;
        }
        finally
        {
            // Unless the mark was written, every claim is given up and the retry decides again (an email sent
            // meanwhile may then go twice: at least once, never lost).
            var left = marked ? claimed.Except(done).ToList() : claimed.ToList();
            if (left.Count > 0)
            {
                await gatheredClaims.ReleaseAllAsync(eventId, left, CancellationToken.None);
            }
        }
        if (refusalNotRecorded is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refusalNotRecorded);
        }
        return (outcomes, transient);
    }

    public async Task<PendingEmailReport> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int sent = 0, dropped = 0, failed = 0;
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
            // The emails of one shared row (at most one admission transaction's) are claimed, sent and marked
            // together, as a queue message's are, and each row is done before the next: a run stopped midway
            // repeats one row at most, and none stays claimed for longer than one row's sending.
            foreach (var batch in claimed.Where(p => p.Batch is not null).GroupBy(p => p.Batch, StringComparer.Ordinal))
            {
                var emails = batch.ToList();
                try
                {
                    var (outcomes, _) = await DeliverOfEventAsync(programmeEvent.Id, emails.Select(p => (p, (int?)null)).ToList(), cancellationToken);
                    sent += outcomes.Count(o => o.Item2 is PendingEmailOutcome.Sent or PendingEmailOutcome.Refused);
                    dropped += outcomes.Count(o => o.Item2 == PendingEmailOutcome.Dropped);
                    failed += emails.Count - outcomes.Count;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    problems.Add(RunProblem.Of(programmeEvent.Id, e));
                    failed += emails.Count;
                }
            }
            foreach (var pending in claimed.Where(p => p.Batch is null))
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
                    if (delivery.Dropped)
                    {
                        // No longer owed when it came to be sent (a meeting change that did not commit, a message
                        // whose record is gone): forgotten, counted with the drops.
                        drops.Add(delivery.Forgotten);
                        continue;
                    }
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
        return new PendingEmailReport(sent, dropped + drops.Count, failed) { Problems = problems };
    }
}
