using System.Text.Json.Serialization;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// A cluster profile as the clusters table keeps it (<see cref="ClusterShape"/> maps it). Version 0 rows used
/// the same names, plus the contact's computed <c>isErased</c>, ignored when read. Version 2 adds
/// <c>memberships</c> (the truth about working groups: <c>workingGroups</c> is then written as the groups it
/// is a member of, for people reading the row, and not read back), the contact's <c>pendingEdit</c> and the
/// <c>notices</c> owed to the contact; a version 0 or 1 row's <c>workingGroups</c> are memberships since the
/// profile's review (or submission) time.
/// </summary>
public sealed record StoredCluster : IStoredShape
{
    public static int Current => 2;

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
    [JsonPropertyName("memberships")] public List<StoredMembership>? Memberships { get; init; }
    /// <summary>The contact's edit of an approved profile, waiting for moderation (a whole profile; its own lists empty).</summary>
    [JsonPropertyName("pendingEdit")] public StoredCluster? PendingEdit { get; init; }
    [JsonPropertyName("notices")] public List<StoredNotice>? Notices { get; init; }
}

public sealed record StoredMembership
{
    [JsonPropertyName("sector")] public required string Sector { get; init; }
    [JsonPropertyName("requestedAt")] public required DateTimeOffset RequestedAt { get; init; }
    /// <summary>Null while the request waits for organisers.</summary>
    [JsonPropertyName("memberSince")] public DateTimeOffset? MemberSince { get; init; }
}

public sealed record StoredNotice
{
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("at")] public required DateTimeOffset At { get; init; }
    [JsonPropertyName("sector")] public string? Sector { get; init; }
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
