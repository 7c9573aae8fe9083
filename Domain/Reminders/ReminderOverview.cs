using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Reminders;

/// <summary>One reminder of one registrant as organisers see it.</summary>
public sealed record ReminderLine(string Offset, DateTimeOffset DueAt, DateTimeOffset? SentAt, string Status, string? Reason);

public sealed record RegistrantReminders(Registration Registration, IReadOnlyList<ReminderLine> Reminders);

/// <summary>What was sent and what is due, per registrant and reminder (<c>GET /api/manage/events/{id}/reminders</c>).</summary>
public sealed class ReminderOverview(IEventStore events, IRegistrationStore registrations, IReminderLedger ledger, TimeProvider time)
{
    public async Task<Page<RegistrantReminders>?> PageAsync(string eventId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        if (programmeEvent is null)
        {
            return null;
        }
        var page = await registrations.ListAsync(eventId, null, pageSize, continuationToken, cancellationToken);
        var records = (await ledger.ForRegistrationsAsync(eventId, page.Items.Select(r => r.Id).ToArray(), cancellationToken))
            .ToDictionary(r => (r.RegistrationId, r.Offset));
        var schedule = ReminderSchedule.For(programmeEvent);
        var now = time.GetUtcNow();
        var items = page.Items.Select(registration => new RegistrantReminders(registration, schedule.Select(due =>
        {
            var record = records.GetValueOrDefault((registration.Id, due.Offset));
            var status = record is not null ? Enums.Name(record.Status)
                : registration.Status != RegistrationStatus.Confirmed ? "notApplicable"
                : registration.RemindersStopped ? "stopped"
                : due.DueAt < registration.RegisteredAt ? "registeredAfter"
                : programmeEvent.StartsAt <= now ? "missed"
                : due.DueAt > now ? "scheduled"
                : "due";
            return new ReminderLine(due.Offset, due.DueAt, record?.SentAt, status, record?.Reason);
        }).ToArray())).ToArray();
        return new Page<RegistrantReminders>(items, page.ContinuationToken);
    }
}
