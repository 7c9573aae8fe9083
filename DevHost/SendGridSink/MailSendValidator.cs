using System.Text.Json;

namespace ClustersCord.DevHost.SendGridSink;

public sealed record SendGridError(string Message, string? Field);

/// <summary>
/// The refusals SendGrid documents for v3 mail/send, so that local runs fail where production would:
/// no sender, no personalizations or content, more than 1,000 personalizations or recipients, one
/// address twice in a request.
/// </summary>
public static class MailSendValidator
{
    public const int MaxPersonalizations = 1000;
    public const int MaxRecipients = 1000;

    public static IReadOnlyList<SendGridError> Validate(JsonElement root)
    {
        var errors = new List<SendGridError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [new SendGridError("The request body must be a JSON object.", null)];
        }
        if (!root.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.Object || !IsAddress(from))
        {
            errors.Add(new SendGridError("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.", "from.email"));
        }
        var hasTemplate = root.TryGetProperty("template_id", out var template) && template.ValueKind == JsonValueKind.String;
        ValidatePersonalizations(root, hasTemplate, errors);
        if (!hasTemplate)
        {
            ValidateContent(root, errors);
        }
        return errors;
    }

    private static void ValidatePersonalizations(JsonElement root, bool hasTemplate, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("personalizations", out var personalizations)
            || personalizations.ValueKind != JsonValueKind.Array || personalizations.GetArrayLength() == 0)
        {
            errors.Add(new SendGridError("The personalizations field is required and must have at least one personalization.", "personalizations"));
            return;
        }
        if (personalizations.GetArrayLength() > MaxPersonalizations)
        {
            errors.Add(new SendGridError($"The personalizations field must have no more than {MaxPersonalizations} items.", "personalizations"));
        }
        var hasGlobalSubject = root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String && subject.GetString()!.Length > 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var recipients = 0;
        var index = 0;
        foreach (var personalization in personalizations.EnumerateArray())
        {
            var field = $"personalizations.{index}";
            if (!personalization.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
            {
                errors.Add(new SendGridError("The to array is required for all personalization objects, and must have at least one email object with a valid email address.", field + ".to"));
            }
            foreach (var list in new[] { "to", "cc", "bcc" })
            {
                if (!personalization.TryGetProperty(list, out var addresses) || addresses.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var address in addresses.EnumerateArray())
                {
                    recipients++;
                    if (!IsAddress(address))
                    {
                        errors.Add(new SendGridError("Does not contain a valid address.", $"{field}.{list}"));
                    }
                    else if (!seen.Add(address.GetProperty("email").GetString()!))
                    {
                        errors.Add(new SendGridError("Each email address in the request should be unique.", $"{field}.{list}"));
                    }
                }
            }
            var hasSubject = personalization.TryGetProperty("subject", out var own) && own.ValueKind == JsonValueKind.String;
            if (!hasTemplate && !hasGlobalSubject && !hasSubject)
            {
                errors.Add(new SendGridError("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"));
            }
            index++;
        }
        if (recipients > MaxRecipients)
        {
            errors.Add(new SendGridError($"The total number of recipients must be no more than {MaxRecipients}.", "personalizations"));
        }
    }

    private static void ValidateContent(JsonElement root, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            errors.Add(new SendGridError("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.", "content"));
            return;
        }
        foreach (var block in content.EnumerateArray())
        {
            var valid = block.ValueKind == JsonValueKind.Object
                        && block.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                        && block.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;
            if (!valid)
            {
                errors.Add(new SendGridError("Each content block needs a type and a non-empty value.", "content"));
            }
        }
    }

    private static bool IsAddress(JsonElement element)
        => element.ValueKind == JsonValueKind.Object
           && element.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
           && email.GetString() is { } text && text.IndexOf('@') > 0 && text.IndexOf('@') < text.Length - 1;
}
