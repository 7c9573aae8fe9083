using System.Globalization;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Email;

/// <summary>How an event's dates and place read in a person's language, at the event's local time.</summary>
public static class EventWording
{
    /// <summary>British English for "en": day-month dates and a 24-hour clock, as Central Europe reads them.</summary>
    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : language);

    public static string When(Event programmeEvent, string language, IReadOnlyDictionary<string, string> texts)
    {
        var culture = Culture(language);
        if (programmeEvent.StartsAt is { } starts && programmeEvent.EndsAt is { } ends)
        {
            var from = programmeEvent.Local(starts);
            var to = programmeEvent.Local(ends);
            var range = from.Date == to.Date
                ? $"{from.ToString("D", culture)}, {from.ToString("t", culture)}–{to.ToString("t", culture)}"
                : $"{from.ToString("D", culture)} {from.ToString("t", culture)} – {to.ToString("D", culture)} {to.ToString("t", culture)}";
            return $"{range} ({programmeEvent.TimeZone})";
        }
        var month = DateTime.ParseExact(programmeEvent.Month ?? "", "yyyy-MM", CultureInfo.InvariantCulture);
        return TextSlots.Fill(texts["datesToFollow"], new Dictionary<string, string> { ["month"] = month.ToString("Y", culture) });
    }

    /// <summary>The start date alone, for subjects.</summary>
    public static string Date(Event programmeEvent, string language)
        => programmeEvent.StartsAt is { } starts
            ? programmeEvent.Local(starts).ToString("d", Culture(language))
            : programmeEvent.Month ?? "";

    public static string Where(Event programmeEvent) => $"{programmeEvent.City} ({programmeEvent.Country})";
}
