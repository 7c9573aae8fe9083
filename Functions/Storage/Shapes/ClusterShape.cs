using ClustersCord.Domain.Catalogue;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>Maps cluster profiles to their stored shape and back; reads every version up to <see cref="StoredCluster.Current"/>.</summary>
public static class ClusterShape
{
    public static StoredCluster ToStored(ClusterProfile p) => new()
    {
        Version = StoredCluster.Current,
        Id = p.Id,
        Name = p.Name,
        Country = p.Country,
        Region = p.Region,
        City = p.City,
        Website = p.Website,
        Description = p.Description,
        Sectors = StoredNames.Sector.Of(p.Sectors),
        WorkingGroups = StoredNames.Sector.Of(p.WorkingGroups),
        MemberCount = p.MemberCount,
        MemberTypes = StoredNames.MemberType.Of(p.MemberTypes),
        ManagementFte = p.ManagementFte,
        SmeShare = p.SmeShare,
        FoundedYear = p.FoundedYear,
        Label = p.Label is { } label ? new() { Level = StoredNames.LabelLevel.Of(label.Level), ValidUntil = label.ValidUntil } : null,
        Offers = [.. p.Offers],
        Needs = [.. p.Needs],
        Contact = new() { Name = p.Contact.Name, Email = p.Contact.Email },
        Language = p.Language,
        Status = StoredNames.ProfileStatus.Of(p.Status),
        SubmittedAt = p.SubmittedAt,
        ReviewedAt = p.ReviewedAt,
        IsSample = p.IsSample,
        Memberships = [.. p.Memberships.Select(m => new StoredMembership
        {
            Sector = StoredNames.Sector.Of(m.Sector),
            RequestedAt = m.RequestedAt,
            MemberSince = m.MemberSince,
        })],
        PendingEdit = p.PendingEdit is { } edit ? ToStored(edit with { Memberships = [], Notices = [], PendingEdit = null }) : null,
        Notices = [.. p.Notices.Select(n => new StoredNotice
        {
            Kind = StoredNames.NoticeKind.Of(n.Kind),
            At = n.At,
            Sector = n.Sector is { } sector ? StoredNames.Sector.Of(sector) : null,
        })],
    };

    /// <summary>
    /// Version 0 differs from 1 only in how enum values are spelt, which <see cref="StoredName{T}"/> reads either way;
    /// before version 2 the working groups were a plain list: memberships since the review (or submission).
    /// </summary>
    public static ClusterProfile ToDomain(StoredCluster s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Country = s.Country,
        Region = s.Region,
        City = s.City,
        Website = s.Website,
        Description = s.Description,
        Sectors = StoredNames.Sector.Parse(s.Sectors),
        Memberships = s.Memberships is { } memberships
            ? [.. memberships.Select(m => new WorkingGroupMembership(StoredNames.Sector.Parse(m.Sector), m.RequestedAt, m.MemberSince))]
            : [.. StoredNames.Sector.Parse(s.WorkingGroups).Distinct().Select(g => new WorkingGroupMembership(g, s.ReviewedAt ?? s.SubmittedAt, s.ReviewedAt ?? s.SubmittedAt))],
        MemberCount = s.MemberCount,
        MemberTypes = StoredNames.MemberType.Parse(s.MemberTypes),
        ManagementFte = s.ManagementFte,
        SmeShare = s.SmeShare,
        FoundedYear = s.FoundedYear,
        Label = s.Label is { } label ? new ClusterLabel(StoredNames.LabelLevel.Parse(label.Level), label.ValidUntil) : null,
        Offers = s.Offers ?? [],
        Needs = s.Needs ?? [],
        Contact = new ClusterContact(s.Contact.Name, s.Contact.Email),
        Language = s.Language ?? Domain.Common.Language.Default,
        Status = StoredNames.ProfileStatus.Parse(s.Status),
        SubmittedAt = s.SubmittedAt,
        ReviewedAt = s.ReviewedAt,
        IsSample = s.IsSample,
        PendingEdit = s.PendingEdit is { } edit ? ToDomain(edit) : null,
        Notices = [.. (s.Notices ?? []).Select(n => new ClusterNotice(StoredNames.NoticeKind.Parse(n.Kind), n.At,
            n.Sector is { } sector ? StoredNames.Sector.Parse(sector) : null))],
    };
}
