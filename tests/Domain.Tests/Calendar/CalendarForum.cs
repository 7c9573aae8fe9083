using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Tests.Calendar;

/// <summary>The forum the calendar tests make files for, and the time they are made.</summary>
internal static class CalendarForum
{
    public static readonly Event Linz = new()
    {
        Id = "forum-linz",
        Type = EventType.ExchangeForum,
        Title = new Dictionary<string, string> { ["en"] = "Exchange forum Linz" },
        City = "Linz",
        Country = "AT",
        Venue = "Tabakfabrik",
        StartsAt = new DateTimeOffset(2027, 2, 21, 8, 0, 0, TimeSpan.Zero),
        EndsAt = new DateTimeOffset(2027, 2, 22, 16, 0, 0, TimeSpan.Zero),
        TimeZone = "Europe/Vienna",
        Capacity = 60,
        RegistrationOpensAt = DateTimeOffset.MinValue,
        RegistrationClosesAt = DateTimeOffset.MaxValue,
    };

    public static readonly DateTimeOffset Now = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The project's sending address, as the app names it in every calendar file.</summary>
    public static readonly Domain.Calendar.CalendarOrganiser Organiser = new("Clusters Cord", "programme@clusterscord.example");
}
