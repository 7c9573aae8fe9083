using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Common;

/// <summary>An event, a registration form and a cluster profile that validate: tests change one field of them.</summary>
internal static class ValidInputs
{
    public static EventInput Event() => new()
    {
        Type = "exchangeForum",
        Title = new() { ["en"] = "Forum" },
        City = "Linz",
        Country = "AT",
        StartsAt = new DateTimeOffset(2012, 2, 21, 9, 0, 0, TimeSpan.FromHours(1)),
        EndsAt = new DateTimeOffset(2012, 2, 22, 17, 0, 0, TimeSpan.FromHours(1)),
        TimeZone = "Europe/Vienna",
        Sectors = ["health"],
        Capacity = 60,
        Registration = new(new DateTimeOffset(2011, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2012, 2, 14, 0, 0, 0, TimeSpan.Zero)),
    };

    public static RegistrationForm Form() => new()
    {
        FirstName = "Jana", LastName = "Nováková", Email = "jana@example.cz", Organisation = "Moravian ICT Cluster",
        Country = "CZ", Role = "clusterManager", Consent = true,
    };

    public static ClusterInput Cluster() => new()
    {
        Name = "Moravian ICT Cluster", Country = "CZ", Description = "ICT.", Sectors = ["ict"], MemberCount = 20,
        MemberTypes = ["companies"], Contact = new ContactInput("Jana", "jana@example.cz"),
    };
}
