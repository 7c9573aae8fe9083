namespace ClustersCord.Domain.Common;

/// <summary>Languages for people and emails (ISO 639-1 codes).</summary>
public static class Language
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> All = ["cs", "en", "de", "it", "pl", "sk", "hu", "sl"];

    public static bool IsSupported(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);

    /// <summary>
    /// The first supported language of an explicit choice (<c>?lang=</c>) or an Accept-Language header,
    /// honouring q-values; the default when none is supported.
    /// </summary>
    public static string Choose(string? explicitChoice, string? acceptLanguage)
    {
        if (explicitChoice is not null && IsSupported(explicitChoice.Trim().ToLowerInvariant()))
        {
            return explicitChoice.Trim().ToLowerInvariant();
        }
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return Default;
        }
        var ranked = acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((part, index) =>
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var quality = 1.0;
                foreach (var parameter in pieces.Skip(1))
                {
                    if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(parameter[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
                    {
                        quality = q;
                    }
                }
                var primary = pieces[0].Split('-')[0].ToLowerInvariant();
                return (primary, quality, index);
            })
            .Where(x => x.quality > 0 && IsSupported(x.primary))
            .OrderByDescending(x => x.quality).ThenBy(x => x.index);
        return ranked.Select(x => x.primary).FirstOrDefault() ?? Default;
    }
}
