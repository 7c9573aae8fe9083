using System.Text.Json.Serialization;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Registrations;

/// <summary>The answer to a registration: <c>{ id, eventId, status, waitlistPosition?, manageUrl }</c>.</summary>
public sealed record RegistrationResponse(
    string Id,
    string EventId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    string ManageUrl)
{
    public static RegistrationResponse From(Registration r, int? position, RegistrationLinks links)
        => new(r.Id, r.EventId, Enums.Name(r.Status), position, links.Manage(r.Id));
}

/// <summary>
/// The answer to a repeat registration by the same person: only that, so that knowing an address opens
/// nothing (the link goes again to the address itself).
/// </summary>
public sealed record AlreadyRegisteredResponse
{
    public const string Status = "alreadyRegistered";

    [JsonPropertyName("status")] public string Value => Status;
}

/// <summary>What the registrant sees behind the manage link.</summary>
public sealed record RegistrantResponse(
    string Id,
    string EventId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    string ManageUrl,
    string CalendarUrl,
    string FirstName,
    string LastName,
    string Email,
    string Organisation,
    string Country,
    string Role,
    string? ClusterId,
    IReadOnlyList<string> Sectors,
    bool StudyVisit,
    string Language,
    string? DietaryRequirements,
    DateTimeOffset RegisteredAt,
    RegistrantEvent Event)
{
    public static RegistrantResponse From(RegistrantView view, RegistrationLinks links)
    {
        var (r, e, position) = (view.Registration, view.Event, view.WaitlistPosition);
        var p = r.Person;
        return new RegistrantResponse(r.Id, r.EventId, Enums.Name(r.Status), position, links.Manage(r.Id), links.Calendar(r.Id),
            p.FirstName, p.LastName, p.Email, p.Organisation, p.Country, Enums.Name(p.Role), p.ClusterId,
            p.Sectors.Select(s => Enums.Name(s)).ToArray(), p.StudyVisit, p.Language, p.DietaryRequirements, r.RegisteredAt,
            new RegistrantEvent(e.Id, e.TitleIn(p.Language), e.StartsAt is { } s ? e.Local(s) : null, e.EndsAt is { } en ? e.Local(en) : null,
                e.Month, e.TimeZone, e.City, e.Country, e.Venue));
    }
}

public sealed record RegistrantEvent(string Id, string Title, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Month,
    string TimeZone, string City, string Country, string? Venue);

/// <summary>An organiser's full record of a registration.</summary>
public sealed record RegistrationRecord(
    string Id,
    string EventId,
    string Status,
    long? WaitlistTicket,
    string FirstName,
    string LastName,
    string Email,
    string Organisation,
    string Country,
    string Role,
    string? ClusterId,
    IReadOnlyList<string> Sectors,
    bool StudyVisit,
    string Language,
    string? DietaryRequirements,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset ConsentedAt,
    string ConsentTextVersion,
    DateTimeOffset? AnonymisedAt,
    IReadOnlyList<string> CheckedInDays)
{
    public static RegistrationRecord From(Registration r) => new(
        r.Id, r.EventId, Enums.Name(r.Status), r.WaitlistTicket, r.Person.FirstName, r.Person.LastName, r.Person.Email,
        r.Person.Organisation, r.Person.Country, Enums.Name(r.Person.Role), r.Person.ClusterId,
        r.Person.Sectors.Select(s => Enums.Name(s)).ToArray(), r.Person.StudyVisit, r.Person.Language, r.Person.DietaryRequirements,
        r.RegisteredAt, r.ConfirmedAt, r.CancelledAt, r.CheckedInAt, r.ConsentedAt, r.ConsentTextVersion, r.AnonymisedAt,
        r.CheckedInDays.Select(EventDays.Format).ToArray());
}

public sealed record RegistrationRecordPage(IReadOnlyList<RegistrationRecord> Items, string? ContinuationToken);
