namespace ClustersCord.Domain.Common;

/// <summary>Checks shared by every free-text field people type.</summary>
public static class TextRules
{
    /// <summary>Trims, and adds an error when required and empty, too long, or holding control characters.</summary>
    public static string? Check(ValidationErrors errors, string field, string? value, int maxLength, bool required, bool multiline = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters.");
        }
        if (trimmed.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors.Add(field, "Contains control characters.");
        }
        if (!IsWellFormedUtf16(trimmed))
        {
            errors.Add(field, "Contains invalid characters.");
        }
        return trimmed;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
