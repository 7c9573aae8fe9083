using System.Text.Json.Serialization;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// A cluster profile as the clusters table keeps it (<see cref="ClusterShape"/> maps it). Version 0 rows used
/// the same names, plus the contact's computed <c>isErased</c>, ignored when read.
/// </summary>
public sealed record StoredCluster : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("country")] public required string Country { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("city")] public string? City { get; init; }
    [JsonPropertyName("website")] public string? Website { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("sectors")] public required List<string> Sectors { get; init; }
    [JsonPropertyName("workingGroups")] public List<string>? WorkingGroups { get; init; }
    [JsonPropertyName("memberCount")] public required int MemberCount { get; init; }
    [JsonPropertyName("memberTypes")] public required List<string> MemberTypes { get; init; }
    [JsonPropertyName("managementFte")] public decimal? ManagementFte { get; init; }
    [JsonPropertyName("smeShare")] public decimal? SmeShare { get; init; }
    [JsonPropertyName("foundedYear")] public int? FoundedYear { get; init; }
    [JsonPropertyName("label")] public StoredLabel? Label { get; init; }
    [JsonPropertyName("offers")] public List<string>? Offers { get; init; }
    [JsonPropertyName("needs")] public List<string>? Needs { get; init; }
    /// <summary>An erased contact is stored with both fields empty (nobody to write to).</summary>
    [JsonPropertyName("contact")] public required StoredContact Contact { get; init; }
    [JsonPropertyName("language")] public string? Language { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("submittedAt")] public required DateTimeOffset SubmittedAt { get; init; }
    [JsonPropertyName("reviewedAt")] public DateTimeOffset? ReviewedAt { get; init; }
    [JsonPropertyName("isSample")] public bool IsSample { get; init; }
}

public sealed record StoredLabel
{
    [JsonPropertyName("level")] public required string Level { get; init; }
    [JsonPropertyName("validUntil")] public required DateOnly ValidUntil { get; init; }
}

public sealed record StoredContact
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("email")] public required string Email { get; init; }
}
