using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Registrations;

/// <summary>The organisers' counts of an event (<see cref="EventSummary"/>), days as <c>YYYY-MM-DD</c>.</summary>
public sealed record RegistrationSummaryResponse(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyList<RegistrationSummaryDay> Days,
    IReadOnlyList<RegistrationSummaryDietary> Dietary,
    int StudyVisit,
    IReadOnlyDictionary<string, int> ByCountry,
    IReadOnlyDictionary<string, int> BySector)
{
    public static RegistrationSummaryResponse From(EventSummary s) => new(
        s.Total, s.ByStatus,
        s.Days.Select(d => new RegistrationSummaryDay(EventDays.Format(d.Day), d.Confirmed, d.CheckedIn)).ToArray(),
        s.Dietary.Select(d => new RegistrationSummaryDietary(d.Requirement, d.Count)).ToArray(),
        s.StudyVisit, s.ByCountry, s.BySector);
}

public sealed record RegistrationSummaryDay(string Day, int Confirmed, int CheckedIn);

public sealed record RegistrationSummaryDietary(string Requirement, int Count);
