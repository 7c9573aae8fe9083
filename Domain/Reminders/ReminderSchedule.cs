using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Reminders;

/// <summary>A reminder of an event: its offset as organisers wrote it ("P7D") and when it is due.</summary>
public sealed record DueReminder(string Offset, DateTimeOffset DueAt);

/// <summary>
/// When an event's reminders are due, computed at the event's place: "P1D" before a forum at 09:00 in
/// Vienna is 09:00 Vienna time the day before, whatever the daylight-saving change in between. Days are
/// calendar days there; hours and minutes are elapsed time after that. Timers run in UTC, so all of this
/// happens in code.
/// </summary>
public static class ReminderSchedule
{
    public static IReadOnlyList<DueReminder> For(Event programmeEvent)
    {
        if (programmeEvent.StartsAt is not { } starts)
        {
            return [];
        }
        var zone = programmeEvent.Zone;
        var localStart = TimeZoneInfo.ConvertTime(starts, zone).DateTime;
        var reminders = new List<DueReminder>();
        foreach (var offset in programmeEvent.Reminders)
        {
            if (!ReminderOffset.TryParse(offset, out var span))
            {
                continue;
            }
            var days = span.Days;
            var rest = span - TimeSpan.FromDays(days);
            var localDue = localStart.AddDays(-days);
            reminders.Add(new DueReminder(offset, ToInstant(localDue, zone) - rest));
        }
        return reminders.OrderBy(r => r.DueAt).ToArray();
    }

    /// <summary>
    /// A wall-clock time at a place as an instant. A time skipped by the spring change is moved forward by
    /// the gap; a time that happens twice in autumn is taken the first time.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var shifted = local;
            while (zone.IsInvalidTime(shifted))
            {
                shifted = shifted.AddMinutes(15);
            }
            return new DateTimeOffset(local, zone.GetUtcOffset(shifted.AddHours(-3)));
        }
        if (zone.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
