using System.Text;
using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Meetings;
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
    /// <summary>The registration was cancelled (by the person or an organiser).</summary>
    Cancelled,
    /// <summary>The event's time or place changed; the instance is the event's new sequence.</summary>
    EventChanged,
    /// <summary>The event was cancelled; the instance is the event's sequence at cancellation.</summary>
    EventCancelled,
    /// <summary>An organiser wrote to the event's participants; the instance is the message's id.</summary>
    Message,
    /// <summary>Another participant asks this one for a meeting; the instance is the request's id.</summary>
    MeetingRequested,
    /// <summary>The person invited accepted this one's request; the instance is the request's id.</summary>
    MeetingAccepted,
    /// <summary>The person invited declined this one's request; the instance is the request's id.</summary>
    MeetingDeclined,
    /// <summary>A scheduler run placed, moved or dropped a meeting of this person; the instance is the run's number.</summary>
    MeetingsChanged,
    /// <summary>
    /// A request or meeting with this person was withdrawn: by the other side, or (a meeting agreed) by this person,
    /// whose calendar it leaves; the instance is the request's id (and the withdrawal's change id).
    /// </summary>
    MeetingWithdrawn,
}

/// <summary>
/// Composes the emails a registrant gets. One message serves many recipients of the same language:
/// what differs per person (name, manage link) is a <see cref="Placeholders"/> slot filled per recipient,
/// HTML-encoded in the HTML part. Everything typed (titles, venue, city, names) is data: it is filled into
/// the texts in one pass (<see cref="TextSlots"/>), HTML-encoded by the layout, and cannot spell a slot.
/// </summary>
public sealed class RegistrationEmails(RegistrationLinks links, CalendarOrganiser organiser, TimeProvider time)
{
    /// <summary>
    /// Rendered messages (without recipients) per event instance, kind and language: a burst of
    /// registrations for one forum renders its confirmation once, not once per person. Keyed by the event
    /// object, so a changed event (a new instance) renders afresh and old entries go with their events.
    /// </summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Event, System.Collections.Concurrent.ConcurrentDictionary<(RegistrationEmailKind, string), Rendered>> _rendered = new();

    /// <summary>A message rendered once, and the slots its recipients' values fill.</summary>
    private sealed record Rendered(EmailMessage Message, Placeholders Slots);

    public EmailMessage Compose(RegistrationEmailKind kind, Event programmeEvent, string language,
        IReadOnlyList<Registration> recipients, int? waitlistPosition = null)
    {
        if (kind == RegistrationEmailKind.Message || IsMeeting(kind))
        {
            throw new ArgumentException("An organiser's message is composed by ComposeMessage, a meeting email by ComposeMeeting.", nameof(kind));
        }
        var isReminder = kind == RegistrationEmailKind.Reminder;
        var rendered = _rendered.GetOrCreateValue(programmeEvent).GetOrAdd((kind, language), _ => Render(kind, programmeEvent, language, meeting: null));
        var message = rendered.Message with { Recipients = recipients.Select(r => Recipient(rendered.Slots, r, isReminder, waitlistPosition)).ToArray() };
        // The QR code is the one recipient's own (a confirmation or promotion goes to one person).
        return HasCheckInCode(kind) && recipients.Count == 1
            ? message with { Attachments = [.. message.Attachments ?? [], CheckInQr.Attachment(links.CheckInCode(recipients[0].Id))] }
            : message;
    }

    /// <summary>
    /// A message with a second calendar file that cancels <paramref name="meetings"/> (a cancelled registration's
    /// meetings that had not begun): the calendar that took them from an agenda file removes them with the event.
    /// </summary>
    public EmailMessage CancellingMeetings(EmailMessage message, Event programmeEvent, string language, IReadOnlyList<CalendarCancellation> meetings)
        => meetings.Count == 0 ? message : message with
        {
            Attachments = [.. message.Attachments ?? [], CancelAttachment(programmeEvent, meetings, language, time.GetUtcNow())],
        };

    /// <summary>The file that cancels meetings in a calendar (<see cref="MeetingCalendar.Cancel"/>).</summary>
    private EmailAttachment CancelAttachment(Event programmeEvent, IReadOnlyList<CalendarCancellation> meetings, string language, DateTimeOffset now)
        => new(MeetingCalendar.CancelFileName, EventCalendar.ContentType, Encoding.UTF8.GetBytes(MeetingCalendar.Cancel(programmeEvent, meetings, language, now, organiser)));

    /// <summary>
    /// A meeting email to one person, rendered for them (not cached: it names the other person and lists the
    /// recipient's agenda as it stands). A schedule change or a withdrawal carries the agenda as a calendar
    /// file with one event per meeting (<see cref="MeetingCalendar"/>) instead of the event's, and a second file
    /// that cancels the meetings agreed once that left the agenda (withdrawn, ended, or taken off by a run).
    /// </summary>
    public EmailMessage ComposeMeeting(RegistrationEmailKind kind, Event programmeEvent, Registration recipient, MeetingEmailDetails details)
    {
        if (!IsMeeting(kind))
        {
            throw new ArgumentException("Not a meeting email.", nameof(kind));
        }
        var language = recipient.Person.Language;
        var rendered = Render(kind, programmeEvent, language, details);
        var message = rendered.Message with { Recipients = [Recipient(rendered.Slots, recipient, isReminder: false, waitlistPosition: null, meetings: true)] };
        var now = time.GetUtcNow();
        // A calendar file holds one METHOD: the agenda is published, a meeting that ended is cancelled in a file of its own.
        EmailAttachment[] attachments =
        [
            .. details.Agenda is { Count: > 0 } agenda
                ? [new EmailAttachment(MeetingCalendar.FileName, EventCalendar.ContentType, Encoding.UTF8.GetBytes(MeetingCalendar.Create(programmeEvent, agenda, language, now, organiser)))]
                : Array.Empty<EmailAttachment>(),
            .. details.Cancelled is { Count: > 0 } cancelled
                ? [CancelAttachment(programmeEvent, cancelled, language, now)]
                : Array.Empty<EmailAttachment>(),
        ];
        return attachments.Length == 0 ? message : message with { Attachments = attachments };
    }

    private Rendered Render(RegistrationEmailKind kind, Event programmeEvent, string language, MeetingEmailDetails? meeting)
    {
        var texts = EmailTexts.For(language);
        var slots = new Placeholders();
        var title = programmeEvent.TitleIn(language);
        var date = EventWording.Date(programmeEvent, language);
        string Fill(string key, bool html) => TextSlots.Fill(texts[key], new Dictionary<string, string>
        {
            ["event"] = title,
            ["position"] = slots.For("position", html),
            ["date"] = date,
        });
        var prefix = kind switch
        {
            RegistrationEmailKind.Confirmed => "confirmed",
            RegistrationEmailKind.Waitlisted => "waitlisted",
            RegistrationEmailKind.Promoted => "promoted",
            RegistrationEmailKind.LinkResent => "linkResent",
            RegistrationEmailKind.Cancelled => "cancelled",
            RegistrationEmailKind.EventChanged => "eventChanged",
            RegistrationEmailKind.EventCancelled => "eventCancelled",
            RegistrationEmailKind.MeetingRequested => "meetingRequested",
            RegistrationEmailKind.MeetingAccepted => "meetingAccepted",
            RegistrationEmailKind.MeetingDeclined => "meetingDeclined",
            RegistrationEmailKind.MeetingsChanged => "meetingsChanged",
            RegistrationEmailKind.MeetingWithdrawn => "meetingWithdrawn",
            _ => "reminder",
        };
        var subject = Fill(prefix + "Subject", html: false);
        // The calendar file takes the event off the person's calendar when the registration or the event is off.
        // Meeting emails carry none of the event's: the person has it since their confirmation.
        var calendar = meeting is not null ? null : EventCalendar.Create(programmeEvent, language, manageUrl: null, time.GetUtcNow(), organiser,
            registrationCancelled: kind == RegistrationEmailKind.Cancelled);
        // Nothing left to manage once the registration or the event is cancelled.
        var hasManageLink = HasManageLink(kind);
        var isReminder = kind == RegistrationEmailKind.Reminder;
        Dictionary<string, object?> Model(bool html) => new()
        {
            ["lang"] = language,
            ["subject"] = subject,
            ["greeting"] = TextSlots.Fill(texts["greeting"], new Dictionary<string, string> { ["name"] = slots.For("firstName", html) }),
            ["intro"] = Fill(prefix + "Intro", html),
            ["when"] = EventWording.When(programmeEvent, language, texts),
            ["where"] = EventWording.Where(programmeEvent),
            ["venue"] = programmeEvent.Venue,
            ["manageUrl"] = hasManageLink ? slots.For("manageUrl", html) : null,
            ["manageLabel"] = texts[kind == RegistrationEmailKind.Waitlisted ? "leaveWaitlist" : IsMeeting(kind) ? "meetings" : "manage"],
            // The notices say in their own words what their calendar file does.
            ["hasCalendar"] = calendar is not null && kind is not (RegistrationEmailKind.Cancelled or RegistrationEmailKind.EventChanged or RegistrationEmailKind.EventCancelled),
            ["unsubscribeUrl"] = isReminder ? slots.For("unsubscribeUrl", html) : null,
            ["checkInCode"] = HasCheckInCode(kind) ? slots.For("checkInCode", html) : null,
            ["checkInImage"] = "cid:" + CheckInQr.ContentId,
            ["person"] = meeting?.With?.DescribeOr(texts["meetingFormerParticipant"]),
            ["quote"] = meeting?.Message is { Length: > 0 } quote ? Paragraphs(quote) : null,
            ["agendaShown"] = meeting?.Agenda is not null,
            ["agenda"] = meeting?.Agenda?.Select(item => AgendaRow(item, language, texts)).ToArray(),
            ["meetingsCalendar"] = meeting?.Agenda is { Count: > 0 },
            ["t"] = texts,
            ["footer"] = texts["footer"],
        };
        var html = EmailTemplates.RenderHtml(Model(html: true));
        var text = EmailTemplates.RenderText(Model(html: false));

        var attachments = calendar is null ? null : new[] { new EmailAttachment(EventCalendar.FileName, EventCalendar.ContentType, Encoding.UTF8.GetBytes(calendar)) };
        return new Rendered(new EmailMessage(subject, html, text, [], attachments, Category: "registration-" + prefix), slots);
    }

    /// <summary>One meeting of an agenda as the email lists it: the day and times at the event, the table, the other person.</summary>
    private static Dictionary<string, object?> AgendaRow(AgendaItem item, string language, IReadOnlyDictionary<string, string> texts)
    {
        var culture = EventWording.Culture(language);
        return new()
        {
            ["when"] = $"{item.StartsAt.ToString("ddd d MMM", culture)}, {item.StartsAt.ToString("t", culture)}–{item.EndsAt.ToString("t", culture)}",
            ["table"] = TextSlots.Fill(texts["meetingTable"], new Dictionary<string, string> { ["table"] = item.Table.ToString(culture) }),
            ["with"] = item.With.DescribeOr(texts["meetingFormerParticipant"]),
        };
    }

    /// <summary>The emails that tell a person they hold a seat carry their check-in QR code (<see cref="CheckInCode"/>).</summary>
    private static bool HasCheckInCode(RegistrationEmailKind kind) => kind is RegistrationEmailKind.Confirmed or RegistrationEmailKind.Promoted;

    /// <summary>
    /// An organiser's message to one person, in <paramref name="language"/> (one the message is written in):
    /// the organiser's subject and paragraphs as data (HTML-encoded by the layout, never a template), then
    /// the event's time and place and the person's manage link.
    /// </summary>
    public EmailMessage ComposeMessage(EventMessage organiserMessage, Event programmeEvent, string language, IReadOnlyList<Registration> recipients)
    {
        var texts = EmailTexts.For(language);
        var slots = new Placeholders();
        var subject = organiserMessage.SubjectIn(language);
        var paragraphs = Paragraphs(organiserMessage.BodyIn(language));
        Dictionary<string, object?> Model(bool html) => new()
        {
            ["lang"] = language,
            ["subject"] = subject,
            ["greeting"] = TextSlots.Fill(texts["greeting"], new Dictionary<string, string> { ["name"] = slots.For("firstName", html) }),
            ["intro"] = TextSlots.Fill(texts["messageIntro"], new Dictionary<string, string> { ["event"] = programmeEvent.TitleIn(language) }),
            ["paragraphs"] = paragraphs,
            ["when"] = EventWording.When(programmeEvent, language, texts),
            ["where"] = EventWording.Where(programmeEvent),
            ["venue"] = programmeEvent.Venue,
            ["manageUrl"] = slots.For("manageUrl", html),
            ["manageLabel"] = texts["manage"],
            ["hasCalendar"] = false,
            ["unsubscribeUrl"] = null,
            ["t"] = texts,
            ["footer"] = texts["footer"],
        };
        var message = new EmailMessage(subject, EmailTemplates.RenderHtml(Model(html: true)), EmailTemplates.RenderText(Model(html: false)), [],
            Category: "registration-message");
        return message with { Recipients = recipients.Select(r => Recipient(slots, r, isReminder: false, waitlistPosition: null)).ToArray() };
    }

    /// <summary>Whether an email of this kind carries the manage link (not once the registration or the event is off).</summary>
    public static bool HasManageLink(RegistrationEmailKind kind) => kind is not (RegistrationEmailKind.Cancelled or RegistrationEmailKind.EventCancelled);

    /// <summary>Paragraphs of typed text: split at blank lines, line breaks inside kept as spaces.</summary>
    private static string[] Paragraphs(string body)
        => System.Text.RegularExpressions.Regex.Split(body.Replace("\r\n", "\n", StringComparison.Ordinal), @"\n\s*\n")
            .Select(p => string.Join(" ", p.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0)
            .ToArray();

    /// <summary>A registration's or the event's cancellation: at an event with meetings, it cancels the person's meetings too.</summary>
    public static bool IsCancellation(RegistrationEmailKind kind) => kind is RegistrationEmailKind.Cancelled or RegistrationEmailKind.EventCancelled;

    /// <summary>The meeting emails: their link opens the manage page at its meetings section.</summary>
    public static bool IsMeeting(RegistrationEmailKind kind) => kind is RegistrationEmailKind.MeetingRequested or RegistrationEmailKind.MeetingAccepted
        or RegistrationEmailKind.MeetingDeclined or RegistrationEmailKind.MeetingsChanged or RegistrationEmailKind.MeetingWithdrawn;

    private EmailRecipient Recipient(Placeholders slots, Registration registration, bool isReminder, int? waitlistPosition, bool meetings = false)
    {
        var manageUrl = links.Manage(registration.Id) + (meetings ? "&section=meetings" : "");
        var values = new Dictionary<string, string>
        {
            ["firstName"] = registration.Person.FirstName,
            ["manageUrl"] = manageUrl,
            ["checkInCode"] = links.CheckInCode(registration.Id),
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
        return new EmailRecipient(registration.Person.Email, registration.Person.FullName, slots.Values(values), headers);
    }
}
