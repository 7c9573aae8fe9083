using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Programme;

/// <summary>
/// One item of the programme. Exact times once the organisers know them; until then only the month.
/// Times are instants; <see cref="TimeZone"/> is where they are shown and reminders are computed.
/// </summary>
public sealed record Event
{
    public required string Id { get; init; }
    public required EventType Type { get; init; }
    /// <summary>Title per language; English is always present.</summary>
    public required IReadOnlyDictionary<string, string> Title { get; init; }
    public IReadOnlyDictionary<string, string> Description { get; init; } = new Dictionary<string, string>();
    public required string City { get; init; }
    public required string Country { get; init; }
    public string? Venue { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    /// <summary>"2012-04" while the exact dates are not known.</summary>
    public string? Month { get; init; }
    public required string TimeZone { get; init; }
    public IReadOnlyList<Sector> Sectors { get; init; } = [];
    public required int Capacity { get; init; }
    public required DateTimeOffset RegistrationOpensAt { get; init; }
    public required DateTimeOffset RegistrationClosesAt { get; init; }
    /// <summary>Invited events admit only holders of an invitation code; events stored before audiences are public.</summary>
    public EventAudience Audience { get; init; } = EventAudience.Public;
    /// <summary>ISO 8601 durations before the start, e.g. "P7D".</summary>
    public IReadOnlyList<string> Reminders { get; init; } = DefaultReminders;
    /// <summary>Sample data for local runs, never loaded in Azure.</summary>
    public bool IsSample { get; init; }
    /// <summary>Events stored before statuses were published.</summary>
    public EventStatus Status { get; init; } = EventStatus.Published;
    /// <summary>
    /// The calendar files' RFC 5545 SEQUENCE: raised whenever the time or place changes and on
    /// cancellation, so calendars replace what they hold (the UID stays).
    /// </summary>
    public int Sequence { get; init; }
    /// <summary>Bilateral meetings at the event (sessions, slots, tables); null when it offers none.</summary>
    public MeetingSettings? Meetings { get; init; }

    public static readonly IReadOnlyList<string> DefaultReminders = ["P7D", "P1D"];

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public bool HasExactDates => StartsAt is not null;

    /// <summary>Where the event sorts in the programme: its start, or the first day of its month.</summary>
    public DateTimeOffset SortKey => StartsAt ?? MonthStart ?? DateTimeOffset.MaxValue;

    private DateTimeOffset? MonthStart => Month is null ? null
        : DateTimeOffset.ParseExact(Month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>In the public programme: published or cancelled, never a draft.</summary>
    public bool IsPublic => Status != EventStatus.Draft;

    public bool IsRegistrationOpen(DateTimeOffset now)
        => Status == EventStatus.Published && now >= RegistrationOpensAt && now < RegistrationClosesAt && (StartsAt is null || now < StartsAt);

    public string TitleIn(string language) => Localised(Title, language) ?? Id;

    public string? DescriptionIn(string language) => Localised(Description, language);

    private static string? Localised(IReadOnlyDictionary<string, string> texts, string language)
        => texts.TryGetValue(language, out var text) ? text : texts.TryGetValue(Language.Default, out var english) ? english : null;

    /// <summary>Whether the time or place differs from another version of the event: what registrants are told of.</summary>
    public bool DiffersInTimeOrPlace(Event other)
        => StartsAt != other.StartsAt || EndsAt != other.EndsAt || Month != other.Month || Venue != other.Venue
           || City != other.City || Country != other.Country || TimeZone != other.TimeZone;

    /// <summary>Whether the event is over (its end, or its start or month, is before <paramref name="now"/>).</summary>
    public bool IsPast(DateTimeOffset now) => (EndsAt ?? StartsAt ?? MonthEnd) < now;

    private DateTimeOffset MonthEnd => MonthStart is { } start ? start.AddMonths(1) : DateTimeOffset.MaxValue;

    /// <summary>An instant shown at the event's place (with that place's offset on that day).</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
