using System.Text.Json.Serialization;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Catalogue;

public sealed record LabelResponse(string Level, DateOnly ValidUntil)
{
    public static LabelResponse? From(ClusterLabel? label) => label is null ? null : new(Enums.Name(label.Level), label.ValidUntil);
}

/// <summary>A catalogue list item.</summary>
public sealed record ClusterSummary(
    string Id, string Name, string Country, string? Region, string? City, IReadOnlyList<string> Sectors, IReadOnlyList<string> WorkingGroups,
    int MemberCount, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LabelResponse? Label,
    IReadOnlyList<string> Offers, IReadOnlyList<string> Needs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsSample)
{
    public static ClusterSummary From(ClusterProfile p) => new(p.Id, p.Name, p.Country, p.Region, p.City,
        p.Sectors.Select(s => Enums.Name(s)).ToArray(), p.WorkingGroups.Select(s => Enums.Name(s)).ToArray(), p.MemberCount,
        LabelResponse.From(p.Label), p.Offers, p.Needs, p.IsSample);
}

/// <summary>
/// The API's ClusterProfile. The contact's email is shown only to organisers: public routes build this
/// with <c>forOrganisers: false</c>, and then the field is not in the answer at all.
/// </summary>
public sealed record ClusterProfileResponse(
    string Id, string Name, string Country, string? Region, string? City, string? Website, string Description,
    IReadOnlyList<string> Sectors, IReadOnlyList<string> WorkingGroups, int MemberCount, IReadOnlyList<string> MemberTypes,
    decimal? ManagementFte, decimal? SmeShare, int? FoundedYear,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LabelResponse? Label,
    IReadOnlyList<string> Offers, IReadOnlyList<string> Needs, ContactResponse Contact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsSample)
{
    public static ClusterProfileResponse From(ClusterProfile p, bool forOrganisers) => new(p.Id, p.Name, p.Country, p.Region, p.City, p.Website,
        p.Description, p.Sectors.Select(s => Enums.Name(s)).ToArray(), p.WorkingGroups.Select(s => Enums.Name(s)).ToArray(), p.MemberCount,
        p.MemberTypes.Select(t => Enums.Name(t)).ToArray(), p.ManagementFte, p.SmeShare, p.FoundedYear, LabelResponse.From(p.Label),
        p.Offers, p.Needs, new ContactResponse(p.Contact.Name, forOrganisers ? p.Contact.Email : null), p.IsSample);
}

public sealed record ContactResponse(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email);

/// <summary>What organisers see in the moderation list: the profile, its status and the validation criteria.</summary>
public sealed record ModerationItem(ClusterProfileResponse Profile, string Status, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt,
    ValidationCriteria Criteria, bool MeetsCriteria)
{
    public static ModerationItem From(ClusterProfile p)
    {
        var criteria = ValidationCriteria.Of(p);
        return new ModerationItem(ClusterProfileResponse.From(p, forOrganisers: true), Enums.Name(p.Status), p.SubmittedAt, p.ReviewedAt, criteria, criteria.AllMet);
    }
}
