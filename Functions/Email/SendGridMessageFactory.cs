using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using SendGrid.Helpers.Mail;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Builds one mail-send request: shared content, one personalization per recipient. Whatever lands in a
/// header (subject, display names, header values) is made one line here, whatever validation let through.
/// </summary>
public static class SendGridMessageFactory
{
    public static SendGridMessage Create(EmailMessage message, IReadOnlyList<EmailRecipient> batch, EmailAddress from)
    {
        var mail = new SendGridMessage
        {
            From = new EmailAddress(from.Email, Header(from.Name)),
            Subject = Header(message.Subject),
            PlainTextContent = message.TextBody,
            HtmlContent = message.HtmlBody,
            Personalizations = batch.Select(ToPersonalization).ToList(),
        };
        if (message.Category is { } category)
        {
            mail.AddCategory(category);
        }
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            mail.AddHeader(name, Header(value));
        }
        foreach (var attachment in message.Attachments ?? [])
        {
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType,
                attachment.ContentId is null ? null : "inline", attachment.ContentId);
        }
        return mail;
    }

    private static Personalization ToPersonalization(EmailRecipient recipient) => new()
    {
        Tos = [new EmailAddress(recipient.Email, Header(recipient.Name))],
        // Substitutions fill {{key}} placeholders in subject and bodies for this recipient only.
        Substitutions = recipient.Values?.ToDictionary(kv => "{{" + kv.Key + "}}", kv => kv.Value),
        Headers = recipient.Headers?.ToDictionary(kv => kv.Key, kv => Header(kv.Value)),
    };

    private static string? Header(string? value) => value is null ? null : TextRules.SingleLine(value);
}
