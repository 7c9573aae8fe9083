using System.Text.Json;
using System.Text.RegularExpressions;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// Fills a personalization's substitutions into a subject or body the way a mail provider does: in one
/// pass, the longest key first where keys overlap, and a filled value is never searched again.
/// </summary>
public static class Substitutions
{
    public static IReadOnlyDictionary<string, string> Of(JsonElement personalization)
        => personalization.TryGetProperty("substitutions", out var subs) && subs.ValueKind == JsonValueKind.Object
            ? subs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static string Apply(string text, IReadOnlyDictionary<string, string> substitutions)
    {
        if (substitutions.Count == 0)
        {
            return text;
        }
        var keys = substitutions.Keys.Where(k => k.Length > 0).OrderByDescending(k => k.Length).Select(Regex.Escape);
        var pattern = new Regex(string.Join('|', keys), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return pattern.Replace(text, match => substitutions[match.Value]);
    }
}
