using System.Text;

namespace ClustersCord.Domain.Registrations;

/// <summary>Email addresses as people type them, and as we compare them.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// The form two registrations are compared in: trimmed, Unicode-normalised (NFKC, so full-width and
    /// composed letters meet their plain forms) and case-folded.
    /// </summary>
    public static string Normalize(string email) => email.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>A practical check: one @, a local part, a dotted domain, no spaces or control characters.</summary>
    public static bool IsValid(string email)
    {
        if (email.Length > MaxLength || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"'))
        {
            return false;
        }
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at > 64)
        {
            return false;
        }
        var domain = email[(at + 1)..];
        return domain.Length >= 3 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..");
    }
}
