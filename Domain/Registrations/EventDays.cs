using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The days of an event as people are checked in on them: calendar days in the event's time zone, from
/// the day it starts to the day it ends (7, 8 and 9 December for a forum from the 7th to the 9th). An event
/// known only by its month spans every day of that month.
/// </summary>
public static class EventDays
{
    public static IReadOnlyList<DateOnly> Of(Event programmeEvent)
    {
        DateOnly first, last;
        if (programmeEvent.StartsAt is { } startsAt)
        {
            first = DateOnly.FromDateTime(programmeEvent.Local(startsAt).DateTime);
            last = programmeEvent.EndsAt is { } endsAt ? DateOnly.FromDateTime(programmeEvent.Local(endsAt).DateTime) : first;
        }
        else if (programmeEvent.Month is { } month
                 && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                     System.Globalization.DateTimeStyles.None, out var monthStart))
        {
            first = monthStart;
            last = monthStart.AddMonths(1).AddDays(-1);
        }
        else
        {
            return [];
        }
        var days = new List<DateOnly>();
        for (var day = first; day <= last && days.Count < 366; day = day.AddDays(1))
        {
            days.Add(day);
        }
        return days;
    }

    /// <summary>
    /// The day a check-in without a day is for: today in the event's zone while the event runs, its first
    /// day before it, its last day after it (a check-in recorded late).
    /// </summary>
    public static DateOnly? Default(Event programmeEvent, DateTimeOffset now)
    {
        var days = Of(programmeEvent);
        if (days.Count == 0)
        {
            return null;
        }
        var today = DateOnly.FromDateTime(programmeEvent.Local(now).DateTime);
        return today < days[0] ? days[0] : today > days[^1] ? days[^1] : today;
    }

    /// <summary>A day as the API writes it: <c>YYYY-MM-DD</c>.</summary>
    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly? Parse(string? text)
        => DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day) ? day : null;
}
