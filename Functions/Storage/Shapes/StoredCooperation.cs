using System.Text.Json.Serialization;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>An introduction as the introductions table keeps it (<c>TableIntroductionStore</c> maps it).</summary>
public sealed record StoredIntroduction : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("from")] public required string From { get; init; }
    [JsonPropertyName("to")] public required string To { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("senderKey")] public required string SenderKey { get; init; }
    /// <summary>pending | accepted | declined.</summary>
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("requestedAt")] public required DateTimeOffset RequestedAt { get; init; }
    [JsonPropertyName("decidedAt")] public DateTimeOffset? DecidedAt { get; init; }
    [JsonPropertyName("askerContact")] public StoredContact? AskerContact { get; init; }
    [JsonPropertyName("invitedContact")] public StoredContact? InvitedContact { get; init; }
    [JsonPropertyName("requestEmailOwed")] public bool RequestEmailOwed { get; init; }
    [JsonPropertyName("askerEmailOwed")] public bool AskerEmailOwed { get; init; }
    [JsonPropertyName("invitedEmailOwed")] public bool InvitedEmailOwed { get; init; }
    [JsonPropertyName("claimedUntil")] public DateTimeOffset? ClaimedUntil { get; init; }
}

/// <summary>An asking cluster's recent request times (its rate limit).</summary>
public sealed record StoredIntroductionQuota : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("requestedAt")] public required IReadOnlyList<DateTimeOffset> RequestedAt { get; init; }
}

/// <summary>A cooperation record as the cooperation table keeps it.</summary>
public sealed record StoredCooperationRecord : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("clusterId")] public required string ClusterId { get; init; }
    /// <summary>The sector's API name (ict, tourism, …).</summary>
    [JsonPropertyName("workingGroup")] public required string WorkingGroup { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("partners")] public required IReadOnlyList<string> Partners { get; init; }
    [JsonPropertyName("nextStep")] public string? NextStep { get; init; }
    [JsonPropertyName("dueMonth")] public required string DueMonth { get; init; }
    /// <summary>planned | ongoing | done | dropped.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("meetingRequestId")] public string? MeetingRequestId { get; init; }
    [JsonPropertyName("recordedAt")] public required DateTimeOffset RecordedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A version of the partnership agreement (metadata; the file is a blob).</summary>
public sealed record StoredAgreementVersion : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("version")] public required string Name { get; init; }
    /// <summary>pdf | docx.</summary>
    [JsonPropertyName("format")] public required string Format { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("uploadedAt")] public required DateTimeOffset UploadedAt { get; init; }
    [JsonPropertyName("blobName")] public required string BlobName { get; init; }
}

/// <summary>A signatory of the partnership agreement, with the cluster's name and country at signing.</summary>
public sealed record StoredSignatory : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("clusterId")] public required string ClusterId { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("country")] public required string Country { get; init; }
    [JsonPropertyName("signedBy")] public required string SignedBy { get; init; }
    [JsonPropertyName("signedAt")] public required DateOnly SignedAt { get; init; }
    [JsonPropertyName("place")] public required string Place { get; init; }
    [JsonPropertyName("recordedAt")] public required DateTimeOffset RecordedAt { get; init; }
    [JsonPropertyName("contactKey")] public required string ContactKey { get; init; }
}
