using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

public enum ProfileStatus
{
    Pending,
    Approved,
    Rejected,
    /// <summary>Withdrawn by its contact: out of the catalogue, the contact erased; the row stays (signatories refer to it).</summary>
    Withdrawn,
}

/// <summary>
/// A cluster's place in a sector working group: asked for at <see cref="RequestedAt"/>, a member since
/// <see cref="MemberSince"/> once organisers approved it (null while the request waits).
/// </summary>
public sealed record WorkingGroupMembership(Sector Sector, DateTimeOffset RequestedAt, DateTimeOffset? MemberSince)
{
    public bool IsMember => MemberSince is not null;
}

/// <summary>What a cluster's contact is told by email.</summary>
public enum NoticeKind
{
    /// <summary>The profile was received: its manage link.</summary>
    Received,
    Approved,
    Rejected,
    EditApproved,
    EditRejected,
    MembershipApproved,
    MembershipDeclined,
}

/// <summary>An email owed to the contact, named by its time (unique per profile: see <see cref="ClusterProfile.NextNoticeAt"/>).</summary>
public sealed record ClusterNotice(NoticeKind Kind, DateTimeOffset At, Sector? Sector = null);

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
    /// <summary>Its working groups: the truth about membership (members and waiting requests).</summary>
    public IReadOnlyList<WorkingGroupMembership> Memberships { get; init; } = [];
    /// <summary>The groups it is a member of (derived from <see cref="Memberships"/>).</summary>
    public IReadOnlyList<Sector> WorkingGroups => [.. Memberships.Where(m => m.IsMember).Select(m => m.Sector)];
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
    /// <summary>
    /// The contact's edit of an approved profile, waiting for moderation (its <see cref="SubmittedAt"/> is
    /// when the edit came); the approved version stays public until organisers approve it.
    /// </summary>
    public ClusterProfile? PendingEdit { get; init; }
    /// <summary>The emails owed to the contact, newest last (the last few only).</summary>
    public IReadOnlyList<ClusterNotice> Notices { get; init; } = [];

    public const int KeptNotices = 20;

    public WorkingGroupMembership? MembershipOf(Sector sector) => Memberships.FirstOrDefault(m => m.Sector == sector);

    /// <summary>The time of the next notice: now, or just after the last one, so that each notice has a time of its own.</summary>
    public DateTimeOffset NextNoticeAt(DateTimeOffset now)
        => Notices.Count > 0 && Notices[^1].At >= now ? Notices[^1].At.AddTicks(1) : now;

    /// <summary>This profile with one more notice (the oldest dropped beyond <see cref="KeptNotices"/>).</summary>
    public ClusterProfile WithNotice(ClusterNotice notice) => this with { Notices = [.. Notices.Append(notice).TakeLast(KeptNotices)] };
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
