using System.Security.Cryptography;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Programme;

public abstract record MessageOutcome
{
    public sealed record EventNotFound : MessageOutcome;
    public sealed record Invalid(ValidationErrors Errors) : MessageOutcome;
    public sealed record Sent(EventMessage Message) : MessageOutcome;
    public sealed record Previewed(IReadOnlyList<MessagePreview> Items) : MessageOutcome;
}

/// <summary>How a message reads in one language, and how many of the chosen people get it in that language.</summary>
public sealed record MessagePreview(string Language, int Recipients, string Subject, string Html, string Text);

/// <summary>
/// Organisers writing to an event's participants: the message is recorded (who was sent what), an email
/// is owed to each chosen person (batched pending emails) and queued, as every registration email is.
/// </summary>
public sealed class EventMessageService(
    IEventStore events,
    IRegistrationStore registrations,
    IEventMessageStore messages,
    IOwedEmailStore owedEmails,
    RegistrationNotifier notifier,
    RegistrationEmails emails,
    TimeProvider time)
{
    public async Task<MessageOutcome> SendAsync(string eventId, EventMessageInput input, string sentBy, CancellationToken cancellationToken)
    {
        var (programmeEvent, to, subject, body, errors) = await ReadAsync(eventId, input, cancellationToken);
        if (programmeEvent is null)
        {
            return new MessageOutcome.EventNotFound();
        }
        if (!errors.IsEmpty)
        {
            return new MessageOutcome.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var recipients = await RecipientsAsync(eventId, to, cancellationToken);
        var message = new EventMessage
        {
            Id = NewId(now),
            EventId = eventId,
            SentAt = now,
            SentBy = sentBy,
            To = to,
            Subject = subject,
            Body = body,
            Recipients = recipients.Count,
        };
        // The record first: delivery reads the words from it.
        await messages.SaveAsync(message, cancellationToken);
        var owed = recipients.Select(r => new PendingEmail(r.Id, RegistrationEmailKind.Message, message.Id)).ToArray();
        if (owed.Length > 0)
        {
            await owedEmails.OweAsync(eventId, owed, now, cancellationToken);
            await Task.WhenAll(owed.Select(email => notifier.OwedAsync(email, cancellationToken)));
        }
        return new MessageOutcome.Sent(message);
    }

    /// <summary>The message as each language among the chosen people would get it (English for those it is not written in).</summary>
    public async Task<MessageOutcome> PreviewAsync(string eventId, EventMessageInput input, CancellationToken cancellationToken)
    {
        var (programmeEvent, to, subject, body, errors) = await ReadAsync(eventId, input, cancellationToken);
        if (programmeEvent is null)
        {
            return new MessageOutcome.EventNotFound();
        }
        if (!errors.IsEmpty)
        {
            return new MessageOutcome.Invalid(errors);
        }
        var message = new EventMessage
        {
            Id = "preview",
            EventId = eventId,
            SentAt = time.GetUtcNow(),
            SentBy = "",
            To = to,
            Subject = subject,
            Body = body,
        };
        var recipients = await RecipientsAsync(eventId, to, cancellationToken);
        var items = recipients
            .GroupBy(r => message.LanguageFor(r.Person.Language))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Preview(message, programmeEvent, g.Key, g.First(), g.Count()))
            .ToArray();
        return new MessageOutcome.Previewed(items);
    }

    /// <summary>What was sent for an event, newest first; null for an unknown event.</summary>
    public async Task<IReadOnlyList<EventMessage>?> ListAsync(string eventId, CancellationToken cancellationToken)
    {
        if (!EventValidator.IsValidId(eventId) || await events.GetAsync(eventId, cancellationToken) is null)
        {
            return null;
        }
        return await messages.ListAsync(eventId, cancellationToken);
    }

    private MessagePreview Preview(EventMessage message, Event programmeEvent, string language, Registration sample, int count)
    {
        var composed = emails.ComposeMessage(message, programmeEvent, language, [sample]);
        // The per-person slots shown as what they stand for, never one person's name or link.
        var values = composed.Recipients[0].Values ?? new Dictionary<string, string>();
        string Fill(string text) => values.Keys.Aggregate(text, (filled, key) =>
            filled.Replace("{{" + key + "}}", key.StartsWith("firstName", StringComparison.Ordinal) ? "[first name]" : "[link]", StringComparison.Ordinal));
        return new MessagePreview(language, count, Fill(composed.Subject), Fill(composed.HtmlBody), Fill(composed.TextBody));
    }

    private async Task<(Event? Event, MessageAudience To, Dictionary<string, string> Subject, Dictionary<string, string> Body, ValidationErrors Errors)> ReadAsync(
        string eventId, EventMessageInput input, CancellationToken cancellationToken)
    {
        var programmeEvent = EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
        var (to, subject, body, errors) = EventMessageValidator.Validate(input);
        return (programmeEvent, to, subject, body, errors);
    }

    private async Task<List<Registration>> RecipientsAsync(string eventId, MessageAudience to, CancellationToken cancellationToken)
    {
        var recipients = new List<Registration>();
        await foreach (var registration in registrations.AllAsync(eventId, cancellationToken))
        {
            if (EventMessage.Reaches(to, registration))
            {
                recipients.Add(registration);
            }
        }
        return recipients;
    }

    /// <summary>Newest first in storage order (inverted ticks), unique among instances writing at once.</summary>
    private static string NewId(DateTimeOffset now)
        => $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}
