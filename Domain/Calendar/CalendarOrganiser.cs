using Ical.Net.DataTypes;

namespace ClustersCord.Domain.Calendar;

/// <summary>
/// Who sends the project's calendar files: their ORGANIZER, which RFC 5546 asks of every PUBLISH and CANCEL, so
/// a calendar can tell that a cancellation comes from whoever published the event. The address emails come from.
/// </summary>
public sealed record CalendarOrganiser(string Name, string Email)
{
    internal Organizer ToOrganizer() => new("mailto:" + Email) { CommonName = Name };
}
