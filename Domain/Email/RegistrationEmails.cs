using System.Net;
using System.Text;
using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Email;

public enum RegistrationEmailKind
{
    Confirmed,
    Waitlisted,
    Promoted,
    Reminder,
    /// <summary>The manage link again, to the registered address, after someone registered with it again.</summary>
    LinkResent,
}

/// <summary>
/// Composes the emails a registrant gets. One message serves many recipients of the same language:
/// what differs per person (name, manage link) is a <c>{{placeholder}}</c> filled per recipient, with an
/// HTML-encoded variant for the HTML part.
/// </summary>
public sealed class RegistrationEmails(RegistrationLinks links, TimeProvider time)
{
    /// <summary>
    /// Rendered messages (without recipients) per event instance, kind and language: a burst of
    /// registrations for one forum renders its confirmation once, not once per person. Keyed by the event
    /// object, so a changed event (a new instance) renders afresh and old entries go with their events.
    /// </summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Event, System.Collections.Concurrent.ConcurrentDictionary<(RegistrationEmailKind, string), EmailMessage>> _rendered = new();

    public EmailMessage Compose(RegistrationEmailKind kind, Event programmeEvent, string language,
        IReadOnlyList<Registration> recipients, int? waitlistPosition = null)
    {
        var isReminder = kind == RegistrationEmailKind.Reminder;
        var rendered = _rendered.GetOrCreateValue(programmeEvent).GetOrAdd((kind, language), _ => Render(kind, programmeEvent, language));
        return rendered with { Recipients = recipients.Select(r => Recipient(r, isReminder, waitlistPosition)).ToArray() };
    }

    private EmailMessage Render(RegistrationEmailKind kind, Event programmeEvent, string language)
    {
        var texts = EmailTexts.For(language);
        var title = programmeEvent.TitleIn(language);
        string Fill(string key) => texts[key]
            .Replace("{event}", title, StringComparison.Ordinal)
            .Replace("{position}", Placeholder("position"), StringComparison.Ordinal)
            .Replace("{date}", EventWording.Date(programmeEvent, language), StringComparison.Ordinal);
        var prefix = kind switch
        {
            RegistrationEmailKind.Confirmed => "confirmed",
            RegistrationEmailKind.Waitlisted => "waitlisted",
            RegistrationEmailKind.Promoted => "promoted",
            RegistrationEmailKind.LinkResent => "linkResent",
            _ => "reminder",
        };
        var subject = Fill(prefix + "Subject");
        var calendar = EventCalendar.Create(programmeEvent, language, manageUrl: null, time.GetUtcNow());
        var isReminder = kind == RegistrationEmailKind.Reminder;
        var model = new Dictionary<string, object?>
        {
            ["lang"] = language,
            ["subject"] = subject,
            ["intro"] = Fill(prefix + "Intro"),
            ["when"] = EventWording.When(programmeEvent, language, texts),
            ["where"] = EventWording.Where(programmeEvent),
            ["venue"] = programmeEvent.Venue,
            ["manageUrl"] = Placeholder("manageUrl"),
            ["manageLabel"] = texts[kind == RegistrationEmailKind.Waitlisted ? "leaveWaitlist" : "manage"],
            ["hasCalendar"] = calendar is not null,
            ["unsubscribeUrl"] = isReminder ? Placeholder("unsubscribeUrl") : null,
            ["t"] = texts,
            ["footer"] = texts["footer"],
        };
        var greeting = texts["greeting"];
        model["greeting"] = greeting.Replace("{name}", Placeholder("firstNameHtml"), StringComparison.Ordinal);
        var html = EmailTemplates.RenderHtml(model);
        model["greeting"] = greeting.Replace("{name}", Placeholder("firstName"), StringComparison.Ordinal);
        var text = EmailTemplates.RenderText(model);

        var attachments = calendar is null ? null : new[] { new EmailAttachment(EventCalendar.FileName, EventCalendar.ContentType, Encoding.UTF8.GetBytes(calendar)) };
        return new EmailMessage(subject, html, text, [], attachments, Category: "registration-" + prefix);
    }

    private EmailRecipient Recipient(Registration registration, bool isReminder, int? waitlistPosition)
    {
        var manageUrl = links.Manage(registration.Id);
        var values = new Dictionary<string, string>
        {
            ["firstName"] = registration.Person.FirstName,
            ["firstNameHtml"] = WebUtility.HtmlEncode(registration.Person.FirstName),
            ["manageUrl"] = manageUrl,
        };
        if (waitlistPosition is { } position)
        {
            values["position"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Dictionary<string, string>? headers = null;
        if (isReminder)
        {
            var unsubscribe = links.StopReminders(registration.Id);
            values["unsubscribeUrl"] = unsubscribe;
            // RFC 8058 one-click: mail clients POST to the link; the link alone identifies and authorises.
            headers = new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            };
        }
        return new EmailRecipient(registration.Person.Email, registration.Person.FullName, values, headers);
    }

    private static string Placeholder(string name) => "{{" + name + "}}";
}
