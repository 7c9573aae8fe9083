namespace ClustersCord.Domain.Catalogue;

/// <summary>A profile as submitted (<c>POST /api/clusters</c>) or edited by organisers, before validation.</summary>
public sealed record ClusterInput
{
    public string? Name { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
    public string? City { get; init; }
    public string? Website { get; init; }
    public string? Description { get; init; }
    public List<string>? Sectors { get; init; }
    public List<string>? WorkingGroups { get; init; }
    public int? MemberCount { get; init; }
    public List<string>? MemberTypes { get; init; }
    public decimal? ManagementFte { get; init; }
    public decimal? SmeShare { get; init; }
    public int? FoundedYear { get; init; }
    public LabelInput? Label { get; init; }
    public List<string>? Offers { get; init; }
    public List<string>? Needs { get; init; }
    public ContactInput? Contact { get; init; }
    public string? Language { get; init; }
    public bool? IsSample { get; init; }
}

public sealed record LabelInput(string? Level, DateOnly? ValidUntil);

public sealed record ContactInput(string? Name, string? Email);
