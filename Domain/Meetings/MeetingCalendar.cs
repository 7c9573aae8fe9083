using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// A participant's meetings as a calendar file (RFC 5545): one VEVENT per meeting in the event's time zone,
/// the table and the other person's name, organisation and cluster in it. The UID is the request's and the
/// SEQUENCE grows with the time the file is made, so a later file moves a meeting that moved, and a cancellation
/// (<see cref="Cancel"/>) removes one that ended.
/// </summary>
public static class MeetingCalendar
{
    public const string FileName = "meetings.ics";
    public const string CancelFileName = "meeting-cancelled.ics";

    /// <summary>
    /// A meeting's revisions have no counter of their own: the seconds since 2026 when a file is made order every
    /// file about it, so a calendar takes the later one (a move, then a cancellation) over the earlier.
    /// </summary>
    public static int Sequence(DateTimeOffset now) => (int)Math.Clamp((now - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds, 0, int.MaxValue);

    /// <summary>
    /// A METHOD:CANCEL file for meetings (their UIDs, a later SEQUENCE), for a calendar that took them from an
    /// agenda file to remove them. No DTSTART: a withdrawal or a run clears the placement in the same write.
    /// </summary>
    public static string Cancel(Event programmeEvent, IReadOnlyList<CalendarCancellation> meetings, string language, DateTimeOffset now,
        CalendarOrganiser organiser)
    {
        var texts = EmailTexts.For(language);
        var calendar = new Ical.Net.Calendar { ProductId = "-//Clusters Cord//Meetings//EN", Method = "CANCEL" };
        foreach (var meeting in meetings)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = Uid(meeting.RequestId),
                Summary = Summary(meeting.With, programmeEvent, language, texts),
                Status = "CANCELLED",
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                Sequence = Sequence(now),
                Organizer = organiser.ToOrganizer(),
            });
        }
        return CalendarText.Serialize(calendar);
    }

    private static string Uid(string requestId) => $"{requestId}@clusterscord-meetings";

    /// <summary>"Meeting with {name}"; the event's title when the other person is not named (unknown, or erased since).</summary>
    private static string Summary(ParticipantSummary? with, Event programmeEvent, string language, IReadOnlyDictionary<string, string> texts)
        => with is { Name.Length: > 0 } ? TextSlots.Fill(texts["meetingWith"], new Dictionary<string, string> { ["name"] = with.Name }) : programmeEvent.TitleIn(language);

    public static string Create(Event programmeEvent, IReadOnlyList<AgendaItem> agenda, string language, DateTimeOffset now, CalendarOrganiser organiser)
    {
        var texts = EmailTexts.For(language);
        var zone = programmeEvent.TimeZone;
        var calendar = new Ical.Net.Calendar { ProductId = "-//Clusters Cord//Meetings//EN", Method = "PUBLISH" };
        if (programmeEvent.StartsAt is { } starts)
        {
            calendar.AddTimeZone(zone, programmeEvent.Local(starts).DateTime.AddYears(-1), includeHistoricalData: false);
        }
        foreach (var item in agenda)
        {
            var table = TextSlots.Fill(texts["meetingTable"], new Dictionary<string, string> { ["table"] = item.Table.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            calendar.Events.Add(new CalendarEvent
            {
                Uid = Uid(item.RequestId),
                Summary = Summary(item.With, programmeEvent, language, texts),
                Description = item.With.DescribeOr(texts["meetingFormerParticipant"]) + "\n" + table,
                Location = string.Join(", ", new[] { table, programmeEvent.Venue, programmeEvent.City }.Where(t => !string.IsNullOrEmpty(t))),
                Start = new CalDateTime(programmeEvent.Local(item.StartsAt).DateTime, zone),
                End = new CalDateTime(programmeEvent.Local(item.EndsAt).DateTime, zone),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                Sequence = Sequence(now),
                Organizer = organiser.ToOrganizer(),
            });
        }
        return CalendarText.Serialize(calendar);
    }
}
