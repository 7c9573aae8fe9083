using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Reminders;

public sealed record ReminderRunReport(int Events, int Claimed, int Sent, int Failed, int Refused, int Skipped);

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
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (programmeEvent.StartsAt is not { } starts || starts <= now)
            {
                continue;
            }
            var due = ReminderSchedule.For(programmeEvent).Where(r => r.DueAt <= now).ToArray();
            if (due.Length == 0)
            {
                continue;
            }
            var eventReport = await RunEventAsync(programmeEvent, due, runId, now, cancellationToken);
            report = new ReminderRunReport(report.Events + 1, report.Claimed + eventReport.Claimed, report.Sent + eventReport.Sent,
                report.Failed + eventReport.Failed, report.Refused + eventReport.Refused, report.Skipped + eventReport.Skipped);
        }
        return report;
    }

    private async Task<ReminderRunReport> RunEventAsync(Event programmeEvent, DueReminder[] due, string runId, DateTimeOffset now,
        CancellationToken cancellationToken)
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
                var results = await SendAsync(programmeEvent, group.Key.Language, chunk, recipients, cancellationToken);
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
        var byEmail = outcome.Recipients.ToDictionary(r => r.Email, StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        return chunk.Select(record =>
        {
            var result = byEmail.GetValueOrDefault(recipients[record.RegistrationId].Person.Email);
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
