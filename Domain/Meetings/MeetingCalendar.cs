using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// A participant's meetings as a calendar file (RFC 5545): one VEVENT per meeting in the event's time zone,
/// the table and the other person's name, organisation and cluster in it. The UID is the request's, so a
/// later file moves a meeting that moved.
/// </summary>
public static class MeetingCalendar
{
    public const string FileName = "meetings.ics";

    public static string Create(Event programmeEvent, IReadOnlyList<AgendaItem> agenda, string language, DateTimeOffset now)
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
                Uid = $"{item.RequestId}@clusterscord-meetings",
                Summary = TextSlots.Fill(texts["meetingWith"], new Dictionary<string, string> { ["name"] = item.With.Name }),
                Description = item.With.Describe() + "\n" + table,
                Location = string.Join(", ", new[] { table, programmeEvent.Venue, programmeEvent.City }.Where(t => !string.IsNullOrEmpty(t))),
                Start = new CalDateTime(programmeEvent.Local(item.StartsAt).DateTime, zone),
                End = new CalDateTime(programmeEvent.Local(item.EndsAt).DateTime, zone),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
