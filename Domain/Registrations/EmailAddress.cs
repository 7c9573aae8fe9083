using System.Globalization;
using System.Text;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// Email addresses as people type them, and the one form in which they are compared: every duplicate
/// check, index key, erasure lookup and dictionary of addresses goes through <see cref="Normalize"/> or
/// <see cref="Comparer"/>, never through its own lower-casing or <c>OrdinalIgnoreCase</c>.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Addresses equal when their <see cref="Normalize"/>d keys are.</summary>
    public static IEqualityComparer<string> Comparer { get; } = new KeyComparer();

    /// <summary>
    /// The key two addresses are compared by: trimmed; NFKC (full-width and composed letters meet their
    /// plain forms); simple Unicode case folding (upper then lower case, so final sigma ς, σ and Σ are one
    /// letter, as are ſ and s); and the domain in its IDNA ASCII form, so <c>příklad.cz</c> and
    /// <c>xn--pklad-zsa96e.cz</c> meet. Not full folding: ß stays ß, because <c>straße.de</c> and
    /// <c>strasse.de</c> are different domains under IDNA2008 and so, in practice, different mailboxes.
    /// </summary>
    public static string Normalize(string email)
    {
        var folded = Fold(email.Trim().Normalize(NormalizationForm.FormKC));
        var at = folded.LastIndexOf('@');
        if (at < 0)
        {
            return folded;
        }
        return folded[..(at + 1)] + AsciiDomain(folded[(at + 1)..]);
    }

    /// <summary>
    /// Checks a typed address as a form field: required, NFKC (a full-width ＠ or composed letters typed
    /// on a phone are the plain ones), then <see cref="IsValid"/>. Returns the address to store.
    /// </summary>
    public static string? Check(ValidationErrors errors, string field, string? typed)
    {
        var email = TextRules.Check(errors, field, typed, MaxLength, required: true);
        if (email is null || errors.Has(field))
        {
            return email;
        }
        email = email.Normalize(NormalizationForm.FormKC);
        if (HasInvisible(email))
        {
            errors.Add(field, "Contains invisible, control or direction characters.");
        }
        else if (!IsValid(email))
        {
            errors.Add(field, "Not a valid email address.");
        }
        return email;
    }

    /// <summary>
    /// A practical check: one @, a local part, a dotted domain that IDNA accepts, and no spaces, control,
    /// invisible or direction-changing characters (which would make two seats for one person, or an
    /// address that reads as another).
    /// </summary>
    public static bool IsValid(string email)
    {
        if (email.Length > MaxLength || !TextRules.IsWellFormedUtf16(email)
            || email.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';' or '"') || HasInvisible(email))
        {
            return false;
        }
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at > 64)
        {
            return false;
        }
        var domain = email[(at + 1)..];
        if (domain.Length < 3 || !domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains(".."))
        {
            return false;
        }
        try
        {
            _ = Idn.GetAscii(domain.Normalize(NormalizationForm.FormKC));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether any character of the address is invisible, blank-looking (U+2800, Hangul fillers, …; see
    /// <see cref="Invisible.IsInvisible"/>), white space of any kind (U+2000–U+200A, U+3000, no-break
    /// spaces), a control or a direction mark: each would make the same address look like a second one.
    /// </summary>
    public static bool HasInvisible(string email)
        => email.EnumerateRunes().Any(r => Invisible.IsInvisible(r) || Invisible.IsDirectionControl(r) || Rune.IsWhiteSpace(r)
                                           || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator);

    private static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            folded.Append(Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune)));
        }
        return folded.ToString().Normalize(NormalizationForm.FormKC);
    }

    private static string AsciiDomain(string domain)
    {
        try
        {
            return Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            // Not a valid IDN (only stored data from before validation can be): compared as folded.
            return domain;
        }
    }

    private sealed class KeyComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y)
            => ReferenceEquals(x, y) || (x is not null && y is not null && string.Equals(Normalize(x), Normalize(y), StringComparison.Ordinal));

        public int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(Normalize(obj));
    }
}
