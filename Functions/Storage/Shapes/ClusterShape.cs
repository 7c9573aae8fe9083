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
    };

    /// <summary>Version 0 differs from 1 only in how enum values are spelt, which <see cref="StoredName{T}"/> reads either way.</summary>
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
        WorkingGroups = StoredNames.Sector.Parse(s.WorkingGroups),
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
    };
}
