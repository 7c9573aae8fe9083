using System.Text.Json.Serialization;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;

namespace ClustersCord.Functions.Catalogue;

public sealed record LabelResponse(string Level, DateOnly ValidUntil)
{
    public static LabelResponse? From(ClusterLabel? label) => label is null ? null : new(Enums.Name(label.Level), label.ValidUntil);
}

/// <summary>A working group the cluster is a member of, and since when.</summary>
public sealed record MembershipResponse(string Sector, DateTimeOffset MemberSince)
{
    public static IReadOnlyList<MembershipResponse> Of(ClusterProfile p)
        => [.. p.Memberships.Where(m => m.IsMember).Select(m => new MembershipResponse(Enums.Name(m.Sector), m.MemberSince!.Value))];
}

/// <summary>The cluster's signature of the partnership agreement: when and where (the person is not shown).</summary>
public sealed record SignatureResponse(DateOnly SignedAt, string Place)
{
    public static SignatureResponse? Of(Signatory? signatory) => signatory is null ? null : new(signatory.SignedAt, signatory.Place);
}

/// <summary>A catalogue list item.</summary>
public sealed record ClusterSummary(
    string Id, string Name, string Country, string? Region, string? City, IReadOnlyList<string> Sectors, IReadOnlyList<string> WorkingGroups,
    IReadOnlyList<MembershipResponse> Memberships,
    int MemberCount, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LabelResponse? Label,
    IReadOnlyList<string> Offers, IReadOnlyList<string> Needs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsSample,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignatureResponse? Agreement)
{
    public static ClusterSummary From(ClusterProfile p, Signatory? signed) => new(p.Id, p.Name, p.Country, p.Region, p.City,
        p.Sectors.Select(s => Enums.Name(s)).ToArray(), p.WorkingGroups.Select(s => Enums.Name(s)).ToArray(), MembershipResponse.Of(p), p.MemberCount,
        LabelResponse.From(p.Label), p.Offers, p.Needs, p.IsSample, SignatureResponse.Of(signed));
}

/// <summary>A working group's member on its public list: no contact.</summary>
public sealed record GroupMemberResponse(string Id, string Name, string Country, string? City, DateTimeOffset MemberSince,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsSample,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignatureResponse? Agreement)
{
    public static GroupMemberResponse From(WorkingGroupMember m, Signatory? signed)
        => new(m.Profile.Id, m.Profile.Name, m.Profile.Country, m.Profile.City, m.MemberSince, m.Profile.IsSample, SignatureResponse.Of(signed));
}

/// <summary>
/// The API's ClusterProfile. The contact's email is shown only to organisers: public routes build this
/// with <c>forOrganisers: false</c>, and then the field is not in the answer at all.
/// </summary>
public sealed record ClusterProfileResponse(
    string Id, string Name, string Country, string? Region, string? City, string? Website, string Description,
    IReadOnlyList<string> Sectors, IReadOnlyList<string> WorkingGroups, IReadOnlyList<MembershipResponse> Memberships, int MemberCount, IReadOnlyList<string> MemberTypes,
    decimal? ManagementFte, decimal? SmeShare, int? FoundedYear,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LabelResponse? Label,
    IReadOnlyList<string> Offers, IReadOnlyList<string> Needs, ContactResponse Contact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsSample,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignatureResponse? Agreement = null)
{
    public static ClusterProfileResponse From(ClusterProfile p, bool forOrganisers, Signatory? signed = null) => new(p.Id, p.Name, p.Country, p.Region, p.City, p.Website,
        p.Description, p.Sectors.Select(s => Enums.Name(s)).ToArray(), p.WorkingGroups.Select(s => Enums.Name(s)).ToArray(), MembershipResponse.Of(p), p.MemberCount,
        p.MemberTypes.Select(t => Enums.Name(t)).ToArray(), p.ManagementFte, p.SmeShare, p.FoundedYear, LabelResponse.From(p.Label),
        p.Offers, p.Needs, new ContactResponse(p.Contact.Name, forOrganisers ? p.Contact.Email : null), p.IsSample, SignatureResponse.Of(signed));
}

public sealed record ContactResponse(string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email);

/// <summary>
/// What organisers see in the moderation list: the profile, its status and the validation criteria; for an
/// approved profile whose contact sent an edit, the edit (approve puts it in place, reject drops it).
/// </summary>
public sealed record ModerationItem(ClusterProfileResponse Profile, string Status, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt,
    ValidationCriteria Criteria, bool MeetsCriteria,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PendingEditResponse? PendingEdit)
{
    public static ModerationItem From(ClusterProfile p)
    {
        var criteria = ValidationCriteria.Of(p);
        return new ModerationItem(ClusterProfileResponse.From(p, forOrganisers: true), Enums.Name(p.Status), p.SubmittedAt, p.ReviewedAt, criteria, criteria.AllMet,
            PendingEditResponse.From(p.PendingEdit));
    }
}

/// <summary>An edit waiting for moderation: the profile as edited, when it came and how it stands against the criteria.</summary>
public sealed record PendingEditResponse(ClusterProfileResponse Profile, DateTimeOffset SubmittedAt, ValidationCriteria Criteria, bool MeetsCriteria)
{
    public static PendingEditResponse? From(ClusterProfile? edit)
    {
        if (edit is null)
        {
            return null;
        }
        var criteria = ValidationCriteria.Of(edit);
        return new(ClusterProfileResponse.From(edit, forOrganisers: true), edit.SubmittedAt, criteria, criteria.AllMet);
    }
}

/// <summary>A working group as the contact sees it: a member since, or a request waiting.</summary>
public sealed record OwnMembershipResponse(string Sector, string Status, DateTimeOffset RequestedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? MemberSince)
{
    public static OwnMembershipResponse From(WorkingGroupMembership m)
        => new(Enums.Name(m.Sector), m.IsMember ? "member" : "pending", m.RequestedAt, m.MemberSince);
}

/// <summary>The contact's own view (<c>GET /api/clusters/{id}/profile</c>): everything, with its contact, status and pending edit.</summary>
public sealed record OwnProfileResponse(ClusterProfileResponse Profile, string Status, string Language, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt,
    IReadOnlyList<OwnMembershipResponse> WorkingGroups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PendingEditResponse? PendingEdit)
{
    public static OwnProfileResponse From(ClusterProfile p) => new(ClusterProfileResponse.From(p, forOrganisers: true), Enums.Name(p.Status), p.Language,
        p.SubmittedAt, p.ReviewedAt, [.. p.Memberships.Select(OwnMembershipResponse.From)], PendingEditResponse.From(p.PendingEdit));
}

/// <summary>A join request waiting for organisers (<c>GET /api/manage/working-groups</c>).</summary>
public sealed record MembershipRequestResponse(string ClusterId, string Name, string Country, string Sector, DateTimeOffset RequestedAt)
{
    public static MembershipRequestResponse From(MembershipRequest r) => new(r.Profile.Id, r.Profile.Name, r.Profile.Country, Enums.Name(r.Sector), r.RequestedAt);
}
