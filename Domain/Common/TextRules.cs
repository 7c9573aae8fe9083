namespace ClustersCord.Domain.Common;

/// <summary>Checks shared by every free-text field people type.</summary>
public static class TextRules
{
    /// <summary>
    /// Trims, and adds an error when required and empty, too long, holding control characters (line
    /// breaks too, unless <paramref name="multiline"/>: single-line values reach email headers), holding
    /// direction overrides or isolates, or made only of invisible, blank-looking or white-space characters
    /// and combining marks (nothing that shows on its own). Other invisible characters
    /// inside visible text are kept: zero-width joiners and non-joiners are part of how Persian, Indic
    /// and emoji text is written, and a soft hyphen harms nobody; stripping them would change the name.
    /// </summary>
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
        if (trimmed.Any(c => IsLineBreakOrControl(c) && !(multiline && c is '\n' or '\r' or '\t' or '\u2028' or '\u2029')))
        {
            errors.Add(field, multiline ? "Contains control characters." : "Must be a single line without control characters.");
        }
        if (!IsWellFormedUtf16(trimmed))
        {
            errors.Add(field, "Contains invalid characters.");
            return trimmed;
        }
        if (trimmed.EnumerateRunes().Any(Invisible.IsDirectionControl))
        {
            errors.Add(field, "Contains direction override or isolate characters (U+202A–U+202E, U+2066–U+2069).");
        }
        if (!Invisible.HasVisible(trimmed))
        {
            errors.Add(field, "Contains no visible characters.");
        }
        return trimmed;
    }

    /// <summary>
    /// <see cref="Check"/> for a person's or an organisation's name, which must also hold a letter or digit
    /// that shows: a name of only marks, symbols or blank-looking characters names nobody.
    /// </summary>
    public static string? CheckName(ValidationErrors errors, string field, string? value, int maxLength, bool required)
    {
        var name = Check(errors, field, value, maxLength, required);
        if (name is not null && !errors.Has(field) && !Invisible.HasLetterOrDigit(name))
        {
            errors.Add(field, "Must contain a letter or digit.");
        }
        return name;
    }

    /// <summary>Whether a value is one line: no control character and no Unicode line or paragraph separator.</summary>
    public static bool IsSingleLine(string text) => !text.Any(IsLineBreakOrControl);

    /// <summary>The value with every control character and line break turned into a space: a defence for headers.</summary>
    public static string SingleLine(string text)
        => IsSingleLine(text) ? text : string.Concat(text.Select(c => IsLineBreakOrControl(c) ? ' ' : c));

    private static bool IsLineBreakOrControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    public static bool IsWellFormedUtf16(string text)
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
