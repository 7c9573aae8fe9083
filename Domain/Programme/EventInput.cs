namespace ClustersCord.Domain.Programme;

/// <summary>An organiser's event as sent (<c>PUT /api/manage/events/{id}</c>), before validation.</summary>
public sealed record EventInput
{
    public string? Type { get; init; }
    public Dictionary<string, string>? Title { get; init; }
    public Dictionary<string, string>? Description { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Venue { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? Month { get; init; }
    public string? TimeZone { get; init; }
    public List<string>? Sectors { get; init; }
    public int? Capacity { get; init; }
    public RegistrationWindowInput? Registration { get; init; }
    public List<string>? Reminders { get; init; }
    public bool? IsSample { get; init; }
    /// <summary>public (default) or invited.</summary>
    public string? Audience { get; init; }
    /// <summary>draft or published (default); cancelled only through the cancel route.</summary>
    public string? Status { get; init; }
    /// <summary>Bilateral meetings: sessions, slot length, tables, requests per person; absent for none.</summary>
    public MeetingSettingsInput? Meetings { get; init; }
}

public sealed record RegistrationWindowInput(DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt);
