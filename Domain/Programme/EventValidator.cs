using System.Text.RegularExpressions;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Programme;

/// <summary>Turns an organiser's input into an <see cref="Event"/>, or says every field that is wrong.</summary>
public static partial class EventValidator
{
    public const int MaxCapacity = 100_000;

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static (Event? Event, ValidationErrors Errors) Validate(string id, EventInput input)
    {
        var errors = new ValidationErrors();
        if (!IsValidId(id))
        {
            errors.Add("id", "Lower-case letters, digits and hyphens, 1 to 64 characters.");
        }
        var type = Enums.Parse<EventType>(input.Type);
        if (type is null)
        {
            errors.Add("type", "One of " + Enums.Names<EventType>() + ".");
        }
        // A title reaches email subjects: one line. A description may have paragraphs.
        var title = Texts(errors, "title", input.Title, 200, required: true, multiline: false);
        var description = Texts(errors, "description", input.Description, 4000, required: false, multiline: true);
        var city = TextRules.Check(errors, "city", input.City, 100, required: true);
        var country = input.Country?.Trim().ToUpperInvariant();
        if (!Countries.IsValid(country))
        {
            errors.Add("country", "An ISO 3166-1 alpha-2 code, such as AT.");
        }
        var venue = TextRules.Check(errors, "venue", input.Venue, 200, required: false);
        var zone = input.TimeZone?.Trim();
        if (zone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var timeZone) || !timeZone.HasIanaId)
        {
            errors.Add("timeZone", "An IANA time zone, such as Europe/Vienna.");
        }
        ValidateDates(errors, input);
        var sectors = Enums.ParseList<Sector>(input.Sectors, errors, "sectors");
        if (input.Capacity is not { } capacity || capacity < 0 || capacity > MaxCapacity)
        {
            errors.Add("capacity", $"A whole number from 0 to {MaxCapacity}.");
        }
        if (input.Registration?.OpensAt is not { } opens || input.Registration?.ClosesAt is not { } closes)
        {
            errors.Add("registration", "opensAt and closesAt are required.");
        }
        else if (closes <= opens)
        {
            errors.Add("registration.closesAt", "Must be after opensAt.");
        }
        var reminders = ValidateReminders(errors, input.Reminders);
        var audience = input.Audience is null ? EventAudience.Public : Enums.Parse<EventAudience>(input.Audience);
        if (audience is null)
        {
            errors.Add("audience", "One of " + Enums.Names<EventAudience>() + ".");
        }
        var status = input.Status is null ? EventStatus.Published : Enums.Parse<EventStatus>(input.Status);
        if (status is not (EventStatus.Draft or EventStatus.Published))
        {
            errors.Add("status", "draft or published (an event is cancelled through its cancel route).");
        }
        var meetings = MeetingSettingsValidator.Validate(errors, input.Meetings, input.StartsAt, input.EndsAt);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        return (new Event
        {
            Id = id,
            Type = type!.Value,
            Title = title,
            Description = description,
            City = city!,
            Country = country!,
            Venue = venue,
            StartsAt = input.StartsAt,
            EndsAt = input.EndsAt,
            Month = input.StartsAt is null ? input.Month : null,
            TimeZone = zone!,
            Sectors = sectors,
            Capacity = input.Capacity!.Value,
            RegistrationOpensAt = input.Registration!.OpensAt!.Value,
            RegistrationClosesAt = input.Registration.ClosesAt!.Value,
            Reminders = reminders,
            IsSample = input.IsSample ?? false,
            Audience = audience!.Value,
            Status = status!.Value,
            Meetings = meetings,
        }, errors);
    }

    private static void ValidateDates(ValidationErrors errors, EventInput input)
    {
        if (input.StartsAt is { } starts)
        {
            if (input.EndsAt is not { } ends)
            {
                errors.Add("endsAt", "Required with startsAt.");
            }
            else if (ends < starts)
            {
                errors.Add("endsAt", "Must not be before startsAt.");
            }
        }
        else if (input.EndsAt is not null)
        {
            errors.Add("startsAt", "Required with endsAt.");
        }
        else if (input.Month is null)
        {
            errors.Add("startsAt", "Give startsAt and endsAt, or month while the dates are not known.");
        }
        if (input.Month is not null && !MonthPattern().IsMatch(input.Month))
        {
            errors.Add("month", "A month as YYYY-MM.");
        }
    }

    private static IReadOnlyList<string> ValidateReminders(ValidationErrors errors, List<string>? reminders)
    {
        if (reminders is null)
        {
            return Event.DefaultReminders;
        }
        if (reminders.Count > 5)
        {
            errors.Add("reminders", "At most 5 reminders.");
        }
        var valid = new List<string>();
        foreach (var reminder in reminders)
        {
            if (ReminderOffset.TryParse(reminder, out _))
            {
                if (!valid.Contains(reminder)) valid.Add(reminder);
            }
            else
            {
                errors.Add("reminders", "ISO 8601 durations in days, hours or minutes, such as P7D or PT12H, up to a year.");
            }
        }
        return valid;
    }

    private static Dictionary<string, string> Texts(ValidationErrors errors, string field, Dictionary<string, string>? texts, int maxLength, bool required, bool multiline)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (required && (texts is null || !texts.TryGetValue(Language.Default, out var english) || string.IsNullOrWhiteSpace(english)))
        {
            errors.Add($"{field}.{Language.Default}", "Required.");
        }
        foreach (var (language, text) in texts ?? [])
        {
            if (!Language.IsSupported(language))
            {
                errors.Add(field, $"Languages are {string.Join(", ", Language.All)}.");
                continue;
            }
            if (TextRules.Check(errors, $"{field}.{language}", text, maxLength, required: false, multiline) is { } checkedText)
            {
                result[language] = checkedText;
            }
        }
        return result;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")]
    private static partial Regex MonthPattern();
}
