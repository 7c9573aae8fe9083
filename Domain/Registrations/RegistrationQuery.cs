using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Registrations;

public enum RegistrationSort
{
    Name,
    RegisteredAt,
    Organisation,
    Country,
    Status,
}

/// <summary>
/// Finding people in an event's registrations, as an organiser does at the door or over a list: free text
/// (<see cref="Text"/>, any part of first or last name, organisation or email, compared folded: case and
/// diacritics ignored, so <c>novakova</c> finds <c>Nováková</c>) and filters, then an order. An event has at
/// most a few hundred registrations, so it is applied in memory to the event's partition read once.
/// </summary>
public sealed record RegistrationQuery
{
    public string? Text { get; init; }
    public RegistrationStatus? Status { get; init; }
    public string? Country { get; init; }
    public Sector? Sector { get; init; }
    public bool? StudyVisit { get; init; }
    /// <summary>Checked in (on <see cref="Day"/>, or on any day without one) or not.</summary>
    public bool? CheckedIn { get; init; }
    public DateOnly? Day { get; init; }
    /// <summary>Null keeps the stored order.</summary>
    public RegistrationSort? Sort { get; init; }
    public bool Descending { get; init; }

    public IReadOnlyList<Registration> Apply(IEnumerable<Registration> registrations)
    {
        var terms = TextFolding.Fold(Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var country = Country?.Trim().ToUpperInvariant();
        var found = registrations.Where(r =>
            (Status is null || r.Status == Status)
            && (string.IsNullOrEmpty(country) || r.Person.Country == country)
            && (Sector is null || r.Person.Sectors.Contains(Sector.Value))
            && (StudyVisit is null || r.Person.StudyVisit == StudyVisit)
            && (CheckedIn is null || IsCheckedIn(r) == CheckedIn)
            && (terms.Length == 0 || Matches(r, terms)));
        if (Sort is not { } sort)
        {
            return found.ToArray();
        }
        var key = Key(sort);
        var ordered = Descending
            ? found.OrderByDescending(key, StringComparer.Ordinal)
            : found.OrderBy(key, StringComparer.Ordinal);
        // The id last, so that pages of equal keys stay the same from one request to the next.
        return ordered.ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    private bool IsCheckedIn(Registration r) => Day is { } day ? r.CheckedInDays.Contains(day) : r.CheckedInAt is not null || r.CheckedInDays.Count > 0;

    /// <summary>Every term found in some field: "jana nov" finds Jana Nováková.</summary>
    private static bool Matches(Registration r, string[] terms)
    {
        var haystack = string.Join('\n', TextFolding.Fold(r.Person.FirstName), TextFolding.Fold(r.Person.LastName),
            TextFolding.Fold(r.Person.Organisation), r.Person.Email.ToLowerInvariant());
        return terms.All(t => haystack.Contains(t, StringComparison.Ordinal));
    }

    private static Func<Registration, string> Key(RegistrationSort sort) => sort switch
    {
        RegistrationSort.Name => r => TextFolding.Fold(r.Person.LastName) + "\u0001" + TextFolding.Fold(r.Person.FirstName),
        RegistrationSort.Organisation => r => TextFolding.Fold(r.Person.Organisation),
        RegistrationSort.Country => r => r.Person.Country,
        RegistrationSort.Status => r => ((int)r.Status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => r => r.RegisteredAt.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
    };
}
