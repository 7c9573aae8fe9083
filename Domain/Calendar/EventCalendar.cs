using ClustersCord.Domain.Programme;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace ClustersCord.Domain.Calendar;

/// <summary>
/// The calendar file (RFC 5545) for an event, in the event's own time zone. The UID stays with the event
/// and SEQUENCE is the event's <see cref="Event.Sequence"/>, so a calendar that holds the event replaces it
/// with a later file; a cancelled event, or a cancelled registration, gets <c>METHOD:CANCEL</c> and
/// <c>STATUS:CANCELLED</c>, which removes it.
/// </summary>
public static class EventCalendar
{
    public const string ContentType = "text/calendar";
    public const string FileName = "event.ics";

    /// <summary>Null while the event has only a month: there is nothing to put in a calendar yet.</summary>
    /// <param name="registrationCancelled">The file is for a registration that was cancelled: the event is off for that person.</param>
    public static string? Create(Event programmeEvent, string language, string? manageUrl, DateTimeOffset now, CalendarOrganiser organiser,
        bool registrationCancelled = false)
    {
        if (programmeEvent.StartsAt is not { } starts || programmeEvent.EndsAt is not { } ends)
        {
            return null;
        }
        var zone = programmeEvent.TimeZone;
        var calendarEvent = new CalendarEvent
        {
            Uid = $"{programmeEvent.Id}@clusterscord",
            Summary = programmeEvent.TitleIn(language),
            Description = string.Join("\n\n", new[] { programmeEvent.DescriptionIn(language), manageUrl }.Where(t => !string.IsNullOrEmpty(t))),
            Location = string.Join(", ", new[] { programmeEvent.Venue, programmeEvent.City, programmeEvent.Country }.Where(t => !string.IsNullOrEmpty(t))),
            Start = new CalDateTime(programmeEvent.Local(starts).DateTime, zone),
            End = new CalDateTime(programmeEvent.Local(ends).DateTime, zone),
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            Sequence = programmeEvent.Sequence,
            Organizer = organiser.ToOrganizer(),
        };
        var cancelled = registrationCancelled || programmeEvent.Status == EventStatus.Cancelled;
        if (cancelled)
        {
            calendarEvent.Status = "CANCELLED";
        }
        if (manageUrl is not null)
        {
            calendarEvent.Url = new Uri(manageUrl);
        }
        var calendar = new Ical.Net.Calendar { ProductId = "-//Clusters Cord//Programme//EN", Method = cancelled ? "CANCEL" : "PUBLISH" };
        // With its STANDARD/DAYLIGHT rules from the event's year on, as RFC 5545 requires of a VTIMEZONE.
        calendar.AddTimeZone(zone, programmeEvent.Local(starts).DateTime.AddYears(-1), includeHistoricalData: false);
        calendar.Events.Add(calendarEvent);
        return CalendarText.Serialize(calendar);
    }
}
