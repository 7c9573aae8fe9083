using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

public enum ProfileStatus
{
    Pending,
    Approved,
    Rejected,
}

public enum MemberType
{
    Companies,
    Research,
    Education,
    PublicBodies,
    Other,
}

public enum LabelLevel
{
    Bronze,
    Silver,
    Gold,
}

public sealed record ClusterLabel(LabelLevel Level, DateOnly ValidUntil);

public sealed record ClusterContact(string Name, string Email)
{
    /// <summary>What stays of a contact whose person asked for erasure: nobody to write to.</summary>
    public static readonly ClusterContact Erased = new("", "");

    public bool IsErased => Email.Length == 0;
}

/// <summary>A cluster organisation as it presents itself to possible partners.</summary>
public sealed record ClusterProfile
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Country { get; init; }
    public string? Region { get; init; }
    public string? City { get; init; }
    public string? Website { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<Sector> Sectors { get; init; }
    public IReadOnlyList<Sector> WorkingGroups { get; init; } = [];
    public required int MemberCount { get; init; }
    public required IReadOnlyList<MemberType> MemberTypes { get; init; }
    public decimal? ManagementFte { get; init; }
    public decimal? SmeShare { get; init; }
    public int? FoundedYear { get; init; }
    public ClusterLabel? Label { get; init; }
    /// <summary>What it can offer the partnership: vocabulary ids or its own phrases.</summary>
    public IReadOnlyList<string> Offers { get; init; } = [];
    /// <summary>What it seeks.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];
    public required ClusterContact Contact { get; init; }
    /// <summary>The contact's language for moderation emails.</summary>
    public string Language { get; init; } = Common.Language.Default;
    public required ProfileStatus Status { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? ReviewedAt { get; init; }
    /// <summary>Sample data for local runs, never loaded in Azure.</summary>
    public bool IsSample { get; init; }
}

/// <summary>How a pending profile stands against the European Cluster Collaboration Platform's criteria.</summary>
public sealed record ValidationCriteria(bool AtLeast15Members, bool AtLeastHalfFteManagement, bool AtLeastTwoMemberTypes)
{
    public bool AllMet => AtLeast15Members && AtLeastHalfFteManagement && AtLeastTwoMemberTypes;

    public static ValidationCriteria Of(ClusterProfile profile) => new(
        profile.MemberCount >= 15,
        profile.ManagementFte >= 0.5m,
        profile.MemberTypes.Distinct().Count() >= 2);
}
