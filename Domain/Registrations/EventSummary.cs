using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

/// <summary>Per day of the event: how many hold a seat, how many were checked in that day.</summary>
public sealed record DayCount(DateOnly Day, int Confirmed, int CheckedIn);

/// <summary>A dietary requirement as typed by people, folded, and how many asked for it.</summary>
public sealed record DietaryCount(string Requirement, int Count);

/// <summary>
/// The counts organisers need for catering and attendance. Catering (dietary requirements, study visit,
/// countries, sectors) counts the confirmed registrations, who hold a seat; statuses count everyone.
/// Anonymised registrations count like the others but carry no personal text (their dietary text is
/// gone), so nothing here names or quotes a person beyond what many typed alike.
/// </summary>
public sealed record EventSummary(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyList<DayCount> Days,
    IReadOnlyList<DietaryCount> Dietary,
    int StudyVisit,
    IReadOnlyDictionary<string, int> ByCountry,
    IReadOnlyDictionary<string, int> BySector)
{
    public static EventSummary Of(Event programmeEvent, IReadOnlyList<Registration> registrations)
    {
        var confirmed = registrations.Where(r => r.Status == RegistrationStatus.Confirmed).ToArray();
        var byStatus = Enum.GetValues<RegistrationStatus>()
            .ToDictionary(s => Enums.Name(s), s => registrations.Count(r => r.Status == s));
        var days = EventDays.Of(programmeEvent)
            .Select(d => new DayCount(d, confirmed.Length, confirmed.Count(r => r.CheckedInDays.Contains(d))))
            .ToArray();
        var dietary = confirmed
            .Where(r => r.AnonymisedAt is null)
            .Select(r => TextFolding.Fold(r.Person.DietaryRequirements))
            .Where(t => t.Length > 0)
            .GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => new DietaryCount(g.Key, g.Count()))
            .OrderByDescending(d => d.Count).ThenBy(d => d.Requirement, StringComparer.Ordinal)
            .ToArray();
        var byCountry = confirmed.GroupBy(r => r.Person.Country).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var bySector = confirmed.SelectMany(r => r.Person.Sectors).GroupBy(s => Enums.Name(s)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new EventSummary(registrations.Count, byStatus, days, dietary, confirmed.Count(r => r.Person.StudyVisit), byCountry, bySector);
    }
}
