using ClustersCord.Domain.Programme;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>Maps events to their stored shape and back; reads every version up to <see cref="StoredEvent.Current"/>.</summary>
public static class EventShape
{
    public static StoredEvent ToStored(Event e) => new()
    {
        Version = StoredEvent.Current,
        Id = e.Id,
        Type = StoredNames.EventType.Of(e.Type),
        Title = new(e.Title),
        Description = new(e.Description),
        City = e.City,
        Country = e.Country,
        Venue = e.Venue,
        StartsAt = e.StartsAt,
        EndsAt = e.EndsAt,
        Month = e.Month,
        TimeZone = e.TimeZone,
        Sectors = StoredNames.Sector.Of(e.Sectors),
        Capacity = e.Capacity,
        RegistrationOpensAt = e.RegistrationOpensAt,
        RegistrationClosesAt = e.RegistrationClosesAt,
        Audience = StoredNames.Audience.Of(e.Audience),
        Reminders = [.. e.Reminders],
        IsSample = e.IsSample,
        Status = StoredNames.EventStatus.Of(e.Status),
        Sequence = e.Sequence,
        Meetings = e.Meetings is not { } m ? null : new StoredMeetings
        {
            Sessions = [.. m.Sessions.Select(x => new StoredMeetingSession(x.StartsAt, x.EndsAt))],
            SlotMinutes = m.SlotMinutes,
            Tables = m.Tables,
            RequestsPerPerson = m.RequestsPerPerson,
        },
    };

    /// <summary>Version 0 differs from 1 only in how enum values are spelt, which <see cref="StoredName{T}"/> reads either way.</summary>
    public static Event ToDomain(StoredEvent s) => new()
    {
        Id = s.Id,
        Type = StoredNames.EventType.Parse(s.Type),
        Title = s.Title,
        Description = s.Description ?? [],
        City = s.City,
        Country = s.Country,
        Venue = s.Venue,
        StartsAt = s.StartsAt,
        EndsAt = s.EndsAt,
        Month = s.Month,
        TimeZone = s.TimeZone,
        Sectors = StoredNames.Sector.Parse(s.Sectors),
        Capacity = s.Capacity,
        RegistrationOpensAt = s.RegistrationOpensAt,
        RegistrationClosesAt = s.RegistrationClosesAt,
        Audience = s.Audience is null ? EventAudience.Public : StoredNames.Audience.Parse(s.Audience),
        Reminders = s.Reminders ?? Event.DefaultReminders,
        IsSample = s.IsSample,
        Status = s.Status is null ? EventStatus.Published : StoredNames.EventStatus.Parse(s.Status),
        Sequence = s.Sequence,
        Meetings = s.Meetings is not { } m ? null
            : new MeetingSettings([.. m.Sessions.Select(x => new MeetingSession(x.StartsAt, x.EndsAt))], m.SlotMinutes, m.Tables, m.RequestsPerPerson),
    };
}
