using System.Text.Json.Serialization;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// An event as the events table keeps it (<see cref="EventShape"/> maps it). The JSON names are the
/// storage contract: version 0 rows (the Domain record's JSON) used the same names, plus computed ones
/// (<c>zone</c>, <c>hasExactDates</c>, <c>sortKey</c>) that are ignored when read and no longer written.
/// </summary>
public sealed record StoredEvent : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("title")] public required Dictionary<string, string> Title { get; init; }
    [JsonPropertyName("description")] public Dictionary<string, string>? Description { get; init; }
    [JsonPropertyName("city")] public required string City { get; init; }
    [JsonPropertyName("country")] public required string Country { get; init; }
    [JsonPropertyName("venue")] public string? Venue { get; init; }
    [JsonPropertyName("startsAt")] public DateTimeOffset? StartsAt { get; init; }
    [JsonPropertyName("endsAt")] public DateTimeOffset? EndsAt { get; init; }
    [JsonPropertyName("month")] public string? Month { get; init; }
    [JsonPropertyName("timeZone")] public required string TimeZone { get; init; }
    [JsonPropertyName("sectors")] public List<string>? Sectors { get; init; }
    [JsonPropertyName("capacity")] public required int Capacity { get; init; }
    [JsonPropertyName("registrationOpensAt")] public required DateTimeOffset RegistrationOpensAt { get; init; }
    [JsonPropertyName("registrationClosesAt")] public required DateTimeOffset RegistrationClosesAt { get; init; }
    /// <summary>Absent in rows written before audiences: those events are public.</summary>
    [JsonPropertyName("audience")] public string? Audience { get; init; }
    /// <summary>Absent in rows written before reminders were chosen per event: the defaults apply.</summary>
    [JsonPropertyName("reminders")] public List<string>? Reminders { get; init; }
    [JsonPropertyName("isSample")] public bool IsSample { get; init; }
    /// <summary>Absent in rows written before statuses: those events are published.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
    /// <summary>Absent in rows written before calendar sequences: 0.</summary>
    [JsonPropertyName("sequence")] public int Sequence { get; init; }
    /// <summary>Absent for events without bilateral meetings (and in rows written before them).</summary>
    [JsonPropertyName("meetings")] public StoredMeetings? Meetings { get; init; }
}

/// <summary>An event's meetings setting as stored.</summary>
public sealed record StoredMeetings
{
    [JsonPropertyName("sessions")] public required List<StoredMeetingSession> Sessions { get; init; }
    [JsonPropertyName("slotMinutes")] public required int SlotMinutes { get; init; }
    [JsonPropertyName("tables")] public required int Tables { get; init; }
    [JsonPropertyName("requestsPerPerson")] public required int RequestsPerPerson { get; init; }
}

public sealed record StoredMeetingSession(
    [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset EndsAt);
