using System.Text.Json.Serialization;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Functions.Programme;

/// <summary>The API's Event (API.md), in one language, times at the event's local offset.</summary>
public sealed record EventResponse(
    string Id,
    string Type,
    string Title,
    string? Description,
    string City,
    string Country,
    string? Venue,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string TimeZone,
    string? Month,
    IReadOnlyList<string> Sectors,
    int Capacity,
    int Confirmed,
    int Waitlisted,
    int SeatsLeft,
    RegistrationWindowResponse Registration,
    IReadOnlyList<string> Reminders,
    string Audience,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsSample,
    string Status,
    int Sequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MeetingSettingsResponse? Meetings)
{
    public static EventResponse From(EventView view, string language)
    {
        var e = view.Event;
        return new EventResponse(
            e.Id, Enums.Name(e.Type), e.TitleIn(language), e.DescriptionIn(language), e.City, e.Country, e.Venue,
            e.StartsAt is { } starts ? e.Local(starts) : null,
            e.EndsAt is { } ends ? e.Local(ends) : null,
            e.TimeZone, e.Month, e.Sectors.Select(s => Enums.Name(s)).ToArray(),
            view.Seats.Capacity, view.Seats.Confirmed, view.Seats.Waitlisted, view.Seats.SeatsLeft,
            new RegistrationWindowResponse(e.Local(e.RegistrationOpensAt), e.Local(e.RegistrationClosesAt), view.IsRegistrationOpen),
            e.Reminders, Enums.Name(e.Audience), e.IsSample, Enums.Name(e.Status), e.Sequence, MeetingSettingsResponse.From(e));
    }
}

/// <summary>
/// The back-office's event (ManagedEvent): every field the PUT takes, with the titles and descriptions in
/// every language, plus its status, calendar sequence and counts.
/// </summary>
public sealed record ManagedEventResponse(
    string Id,
    string Type,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Description,
    string City,
    string Country,
    string? Venue,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string TimeZone,
    string? Month,
    IReadOnlyList<string> Sectors,
    int Capacity,
    RegistrationWindowResponse Registration,
    IReadOnlyList<string> Reminders,
    string Audience,
    bool IsSample,
    string Status,
    int Sequence,
    int Confirmed,
    int Waitlisted,
    int CheckedIn,
    int SeatsLeft,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MeetingSettingsResponse? Meetings)
{
    public static ManagedEventResponse From(ManagedEventView view)
    {
        var e = view.Event;
        return new ManagedEventResponse(
            e.Id, Enums.Name(e.Type), e.Title, e.Description, e.City, e.Country, e.Venue,
            e.StartsAt is { } starts ? e.Local(starts) : null,
            e.EndsAt is { } ends ? e.Local(ends) : null,
            e.TimeZone, e.Month, e.Sectors.Select(s => Enums.Name(s)).ToArray(), e.Capacity,
            new RegistrationWindowResponse(e.Local(e.RegistrationOpensAt), e.Local(e.RegistrationClosesAt), view.IsRegistrationOpen),
            e.Reminders, Enums.Name(e.Audience), e.IsSample, Enums.Name(e.Status), e.Sequence,
            view.Seats.Confirmed, view.Seats.Waitlisted, view.CheckedIn, view.Seats.SeatsLeft, MeetingSettingsResponse.From(e));
    }
}

public sealed record ManagedEventList(IReadOnlyList<ManagedEventResponse> Items);

public sealed record RegistrationWindowResponse(DateTimeOffset OpensAt, DateTimeOffset ClosesAt, bool IsOpen);

public sealed record EventList(IReadOnlyList<EventResponse> Items);

/// <summary>An event's bilateral meetings: sessions (at the event's local offset), slot length, tables, requests per person.</summary>
public sealed record MeetingSettingsResponse(IReadOnlyList<MeetingSessionResponse> Sessions, int SlotMinutes, int Tables, int RequestsPerPerson)
{
    public static MeetingSettingsResponse? From(Event e) => e.Meetings is not { } m ? null
        : new MeetingSettingsResponse([.. m.Sessions.Select(s => new MeetingSessionResponse(e.Local(s.StartsAt), e.Local(s.EndsAt)))],
            m.SlotMinutes, m.Tables, m.RequestsPerPerson);
}

public sealed record MeetingSessionResponse(DateTimeOffset StartsAt, DateTimeOffset EndsAt);
