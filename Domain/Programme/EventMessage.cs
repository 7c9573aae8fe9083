using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Programme;

/// <summary>Which of an event's participants an organiser writes to.</summary>
public enum MessageAudience
{
    All,
    Confirmed,
    Waitlisted,
    CheckedIn,
}

/// <summary>
/// What an organiser wrote to an event's participants: subject and body per language (English always),
/// each person getting theirs or English. Plain text typed by the organiser: data, never a template.
/// </summary>
public sealed record EventMessage
{
    public required string Id { get; init; }
    public required string EventId { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    /// <summary>The organiser who sent it: their signed-in name, or "organiser key".</summary>
    public required string SentBy { get; init; }
    public required MessageAudience To { get; init; }
    public required IReadOnlyDictionary<string, string> Subject { get; init; }
    public required IReadOnlyDictionary<string, string> Body { get; init; }
    /// <summary>How many people it was owed to when sent.</summary>
    public int Recipients { get; init; }

    public string SubjectIn(string language) => Subject.TryGetValue(language, out var text) ? text : Subject[Language.Default];

    public string BodyIn(string language) => Body.TryGetValue(language, out var text) ? text : Body[Language.Default];

    /// <summary>The language a person reads it in: theirs when written in it, else English.</summary>
    public string LanguageFor(string personLanguage)
        => Subject.ContainsKey(personLanguage) && Body.ContainsKey(personLanguage) ? personLanguage : Language.Default;

    public static bool Reaches(MessageAudience to, Registration registration) => registration.AnonymisedAt is null && to switch
    {
        MessageAudience.All => registration.IsActive,
        MessageAudience.Confirmed => registration.Status == RegistrationStatus.Confirmed,
        MessageAudience.Waitlisted => registration.Status == RegistrationStatus.Waitlisted,
        MessageAudience.CheckedIn => registration.Status == RegistrationStatus.Confirmed && registration.CheckedInAt is not null,
        _ => false,
    };
}

/// <summary>An organiser's message as sent (<c>POST /api/manage/events/{id}/messages</c>), before validation.</summary>
public sealed record EventMessageInput
{
    public string? To { get; init; }
    public Dictionary<string, string>? Subject { get; init; }
    public Dictionary<string, string>? Body { get; init; }
}

/// <summary>Where organisers' messages are kept: the record of who was sent what, and what delivery reads.</summary>
public interface IEventMessageStore
{
    Task SaveAsync(EventMessage message, CancellationToken cancellationToken);
    Task<EventMessage?> GetAsync(string eventId, string messageId, CancellationToken cancellationToken);
    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<EventMessage>> ListAsync(string eventId, CancellationToken cancellationToken);
}

public static class EventMessageValidator
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    public static (MessageAudience To, Dictionary<string, string> Subject, Dictionary<string, string> Body, ValidationErrors Errors) Validate(EventMessageInput input)
    {
        var errors = new ValidationErrors();
        var to = Enums.Parse<MessageAudience>(input.To);
        if (to is null)
        {
            errors.Add("to", "One of " + Enums.Names<MessageAudience>() + ".");
        }
        var subject = Texts(errors, "subject", input.Subject, MaxSubjectLength, multiline: false);
        var body = Texts(errors, "body", input.Body, MaxBodyLength, multiline: true);
        foreach (var language in subject.Keys.Except(body.Keys).Concat(body.Keys.Except(subject.Keys)).Distinct())
        {
            errors.Add($"body.{language}", "Give the subject and the body in the same languages.");
        }
        return (to ?? MessageAudience.All, subject, body, errors);
    }

    private static Dictionary<string, string> Texts(ValidationErrors errors, string field, Dictionary<string, string>? texts, int maxLength, bool multiline)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (texts is null || !texts.TryGetValue(Language.Default, out var english) || string.IsNullOrWhiteSpace(english))
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
            if (TextRules.Check(errors, $"{field}.{language}", text, maxLength, required: true, multiline) is { } checkedText)
            {
                result[language] = checkedText;
            }
        }
        return result;
    }
}
