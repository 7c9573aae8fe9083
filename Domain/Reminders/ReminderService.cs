using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Reminders;

public sealed record ReminderRunReport(int Events, int Claimed, int Sent, int Failed, int Refused, int Skipped)
{
    /// <summary>Events (or sends) that failed and were passed over, so that the run reached the others.</summary>
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];
}

public sealed record ReminderSettings(TimeSpan ClaimLease, int RecipientsPerRequest = 1000);

/// <summary>
/// One run of <c>SendReminders</c>: for every event not yet started, every reminder whose time has come
/// goes to every registrant confirmed now who registered before it was due, in their language. Exactly
/// once: each (registration, reminder) is claimed in the ledger before it is sent and marked after; a
/// failed send is tried again by a later run; a run that died leaves claims that expire after the lease.
/// If several reminders of one person are due at once (the app was down), only the latest goes out.
/// </summary>
public sealed class ReminderService(
    IEventStore events,
    IRegistrationStore registrations,
    IReminderLedger ledger,
    IEmailSender sender,
    RegistrationEmails emails,
    ReminderSettings settings,
    TimeProvider time)
{
    public async Task<ReminderRunReport> RunAsync(CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N");
        var report = new ReminderRunReport(0, 0, 0, 0, 0, 0);
        var problems = new List<RunProblem>();
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            // No reminders of a cancelled event (nor of a draft, which has nobody to remind).
            if (programmeEvent.StartsAt is not { } starts || starts <= now || programmeEvent.Status != Programme.EventStatus.Published)
            {
                continue;
            }
            var due = ReminderSchedule.For(programmeEvent).Where(r => r.DueAt <= now).ToArray();
            // Nor of one whose seats are closed: its cancellation has begun (a stopped one is finished by its next change).
            if (due.Length == 0 || (await registrations.GetCapacityAsync(programmeEvent.Id, cancellationToken))?.Closed == true)
            {
                continue;
            }
            ReminderRunReport eventReport;
            try
            {
                eventReport = await RunEventAsync(programmeEvent, due, runId, now, problems, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One bad event never stops the run: its open claims expire and a later run tries again.
                problems.Add(RunProblem.Of(programmeEvent.Id, e));
                continue;
            }
            report = new ReminderRunReport(report.Events + 1, report.Claimed + eventReport.Claimed, report.Sent + eventReport.Sent,
                report.Failed + eventReport.Failed, report.Refused + eventReport.Refused, report.Skipped + eventReport.Skipped);
        }
        return report with { Problems = problems };
    }

    private async Task<ReminderRunReport> RunEventAsync(Event programmeEvent, DueReminder[] due, string runId, DateTimeOffset now,
        List<RunProblem> problems, CancellationToken cancellationToken)
    {
        var records = await ledger.ForEventAsync(programmeEvent.Id, cancellationToken);
        var recipients = new Dictionary<string, Registration>(StringComparer.Ordinal);
        var claims = new List<ReminderRecord>();
        await foreach (var registration in registrations.AllAsync(programmeEvent.Id, cancellationToken))
        {
            if (registration.Status != RegistrationStatus.Confirmed || registration.RemindersStopped || registration.AnonymisedAt is not null)
            {
                continue;
            }
            var open = due
                .Where(d => d.DueAt >= registration.RegisteredAt)
                .Select(d => (Due: d, Record: records.GetValueOrDefault((registration.Id, d.Offset))))
                .Where(x => x.Record is null || IsClaimable(x.Record, now))
                .ToArray();
            if (open.Length == 0)
            {
                continue;
            }
            var latest = open.MaxBy(x => x.Due.DueAt);
            foreach (var (reminder, existing) in open)
            {
                var superseded = reminder != latest.Due;
                claims.Add(new ReminderRecord
                {
                    EventId = programmeEvent.Id,
                    RegistrationId = registration.Id,
                    Offset = reminder.Offset,
                    DueAt = reminder.DueAt,
                    Status = superseded ? ReminderStatus.Skipped : ReminderStatus.Sending,
                    Reason = superseded ? "A later reminder was due at the same time." : existing?.Reason,
                    ClaimedBy = runId,
                    ClaimedAt = now,
                    Attempts = (existing?.Attempts ?? 0) + (superseded ? 0 : 1),
                    Version = existing?.Version,
                });
            }
            recipients[registration.Id] = registration;
        }
        var claimed = await ledger.TryWriteAsync(claims, cancellationToken);
        var sending = claimed.Where(c => c.Status == ReminderStatus.Sending).ToArray();
        var (sent, failed, refused) = (0, 0, 0);
        foreach (var group in sending.GroupBy(c => (c.Offset, recipients[c.RegistrationId].Person.Language)))
        {
            foreach (var chunk in group.Chunk(settings.RecipientsPerRequest))
            {
                ReminderRecord[] results;
                try
                {
                    results = await SendAsync(programmeEvent, group.Key.Language, chunk, recipients, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Released at once for a later run, rather than left claimed until the lease ends.
                    problems.Add(RunProblem.Of(programmeEvent.Id, e));
                    results = chunk.Select(r => r with { Status = ReminderStatus.Failed, Reason = "Sending failed: " + e.GetType().Name }).ToArray();
                }
                await ledger.TryWriteAsync(results, cancellationToken);
                sent += results.Count(r => r.Status == ReminderStatus.Sent);
                failed += results.Count(r => r.Status == ReminderStatus.Failed);
                refused += results.Count(r => r.Status == ReminderStatus.Refused);
            }
        }
        return new ReminderRunReport(1, claimed.Count, sent, failed, refused, claimed.Count(c => c.Status == ReminderStatus.Skipped));
    }

    private async Task<ReminderRecord[]> SendAsync(Event programmeEvent, string language, ReminderRecord[] chunk,
        Dictionary<string, Registration> recipients, CancellationToken cancellationToken)
    {
        var people = chunk.Select(c => recipients[c.RegistrationId]).ToArray();
        var message = emails.Compose(RegistrationEmailKind.Reminder, programmeEvent, language, people);
        var outcome = await sender.SendAsync(message, cancellationToken);
        // Matched by the one normalisation of addresses; should two recipients share a key, each takes
        // the next outcome for it (the sender reports them in the order it was given them).
        var byEmail = outcome.Recipients.GroupBy(r => EmailAddress.Normalize(r.Email), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<RecipientOutcome>(g), StringComparer.Ordinal);
        var now = time.GetUtcNow();
        return chunk.Select(record =>
        {
            var result = byEmail.GetValueOrDefault(EmailAddress.Normalize(recipients[record.RegistrationId].Person.Email)) is { Count: > 0 } queue
                ? queue.Dequeue()
                : null;
            return result?.Status switch
            {
                DeliveryStatus.Accepted => record with { Status = ReminderStatus.Sent, SentAt = now, Reason = null },
                DeliveryStatus.Refused => record with { Status = ReminderStatus.Refused, Reason = result.Reason },
                _ => record with { Status = ReminderStatus.Failed, Reason = result?.Reason ?? "No answer for this recipient." },
            };
        }).ToArray();
    }

    private bool IsClaimable(ReminderRecord record, DateTimeOffset now) => record.Status switch
    {
        ReminderStatus.Pending or ReminderStatus.Failed => true,
        ReminderStatus.Sending => record.ClaimedAt is not { } claimedAt || claimedAt <= now - settings.ClaimLease,
        _ => false,
    };
}
