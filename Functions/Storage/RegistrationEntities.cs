using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>Maps registrations and seats to table entities and back, one property per field.</summary>
public static class RegistrationEntities
{
    public static TableEntity ToEntity(Registration r) => new(r.EventId, RegistrationKeys.Registration(r.Id))
    {
        ["Id"] = r.Id,
        ["FirstName"] = r.Person.FirstName,
        ["LastName"] = r.Person.LastName,
        ["Email"] = r.Person.Email,
        ["EmailKey"] = r.EmailKey,
        ["Organisation"] = r.Person.Organisation,
        ["Country"] = r.Person.Country,
        ["Role"] = Enums.Name(r.Person.Role),
        ["ClusterId"] = r.Person.ClusterId,
        ["Sectors"] = string.Join(',', r.Person.Sectors.Select(s => Enums.Name(s))),
        ["StudyVisit"] = r.Person.StudyVisit,
        ["Language"] = r.Person.Language,
        ["DietaryRequirements"] = r.Person.DietaryRequirements,
        ["Status"] = Enums.Name(r.Status),
        ["WaitlistTicket"] = r.WaitlistTicket,
        ["RegisteredAt"] = r.RegisteredAt,
        ["ConfirmedAt"] = r.ConfirmedAt,
        ["CancelledAt"] = r.CancelledAt,
        ["CheckedInAt"] = r.CheckedInAt,
        ["CheckedInDays"] = r.CheckedInDays.Count == 0 ? null : string.Join(',', r.CheckedInDays.Select(EventDays.Format)),
        ["ConsentedAt"] = r.ConsentedAt,
        ["ConsentTextVersion"] = r.ConsentTextVersion,
        ["TokenHash"] = r.TokenHash,
        ["AnonymisedAt"] = r.AnonymisedAt,
        ["RemindersStopped"] = r.RemindersStopped,
    };

    public static Registration ToRegistration(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        EventId = e.PartitionKey,
        Person = new PersonDetails
        {
            FirstName = e.GetString("FirstName") ?? "",
            LastName = e.GetString("LastName") ?? "",
            Email = e.GetString("Email") ?? "",
            Organisation = e.GetString("Organisation") ?? "",
            Country = e.GetString("Country") ?? "",
            Role = Enums.Parse<ParticipantRole>(e.GetString("Role")) ?? ParticipantRole.Other,
            ClusterId = e.GetString("ClusterId"),
            Sectors = (e.GetString("Sectors") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => Enums.Parse<Sector>(s)).OfType<Sector>().ToArray(),
            StudyVisit = e.GetBoolean("StudyVisit") ?? false,
            Language = e.GetString("Language") ?? Language.Default,
            DietaryRequirements = e.GetString("DietaryRequirements"),
        },
        EmailKey = e.GetString("EmailKey") ?? "",
        Status = Enums.Parse<RegistrationStatus>(e.GetString("Status")) ?? RegistrationStatus.Cancelled,
        WaitlistTicket = e.GetInt64("WaitlistTicket"),
        RegisteredAt = e.GetDateTimeOffset("RegisteredAt") ?? default,
        ConfirmedAt = e.GetDateTimeOffset("ConfirmedAt"),
        CancelledAt = e.GetDateTimeOffset("CancelledAt"),
        CheckedInAt = e.GetDateTimeOffset("CheckedInAt"),
        CheckedInDays = CheckedInDays(e),
        ConsentedAt = e.GetDateTimeOffset("ConsentedAt") ?? default,
        ConsentTextVersion = e.GetString("ConsentTextVersion") ?? "",
        TokenHash = e.GetString("TokenHash") ?? "",
        AnonymisedAt = e.GetDateTimeOffset("AnonymisedAt"),
        RemindersStopped = e.GetBoolean("RemindersStopped") ?? false,
    };

    /// <summary>
    /// The days checked in on; a row from before check-in per day that has only <c>CheckedInAt</c> reads as
    /// checked in on that instant's UTC date (the event's zone is not known here; events run by day).
    /// </summary>
    private static IReadOnlyList<DateOnly> CheckedInDays(TableEntity e)
    {
        var days = (e.GetString("CheckedInDays") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(EventDays.Parse).OfType<DateOnly>().Distinct().Order().ToArray();
        return days.Length == 0 && e.GetDateTimeOffset("CheckedInAt") is { } at ? [DateOnly.FromDateTime(at.UtcDateTime)] : days;
    }

    public static TableEntity ToEntity(string eventId, CapacityState seats) => new(eventId, RegistrationKeys.Seats)
    {
        ["Capacity"] = seats.Capacity,
        ["Confirmed"] = seats.Confirmed,
        ["Waitlisted"] = seats.Waitlisted,
        ["LastTicket"] = seats.LastTicket,
        ["Closed"] = seats.Closed,
    };

    /// <summary>A seats row written before <c>Closed</c> existed reads as open.</summary>
    public static CapacityState ToSeats(TableEntity e) => new(
        e.GetInt32("Capacity") ?? 0, e.GetInt32("Confirmed") ?? 0, e.GetInt32("Waitlisted") ?? 0, e.GetInt64("LastTicket") ?? 0,
        e.GetBoolean("Closed") ?? false);

    public static TableEntity PendingEmail(string eventId, string registrationId, RegistrationEmailKind kind, DateTimeOffset since)
        => PendingEmail(eventId, new PendingEmail(registrationId, kind), since);

    public static TableEntity PendingEmail(string eventId, PendingEmail email, DateTimeOffset since)
        => new(eventId, RegistrationKeys.PendingEmail(email))
        {
            ["RegistrationId"] = email.RegistrationId,
            ["Kind"] = Enums.Name(email.Kind),
            ["Instance"] = email.Instance,
            ["Since"] = since,
        };

    public static PendingEmail? ToPendingEmail(TableEntity e)
        => e.GetString("RegistrationId") is { } id && Enums.Parse<RegistrationEmailKind>(e.GetString("Kind")) is { } kind
            ? new PendingEmail(id, kind, e.GetString("Instance"))
            : null;

    public static TableEntity SentEmailLog(string eventId, IEnumerable<string> pendingEmailRowKeys, DateTimeOffset at)
        => new(eventId, RegistrationKeys.SentEmailLog(at))
        {
            ["Sent"] = string.Join(' ', pendingEmailRowKeys),
            ["At"] = at,
        };

    public static IEnumerable<string> SentEmailRowKeys(TableEntity log)
        => (log.GetString("Sent") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A pointer row (a person's active or cancelled registration) naming a registration.</summary>
    public static TableEntity Pointer(string eventId, string rowKey, string registrationId) => new(eventId, rowKey)
    {
        ["RegistrationId"] = registrationId,
    };
}
