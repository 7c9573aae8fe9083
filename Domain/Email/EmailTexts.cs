using System.Collections.Frozen;
using System.Text.Json;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Email;

/// <summary>The words of every email in each API language, from the embedded Texts/{lang}.json.</summary>
public static class EmailTexts
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> ByLanguage = Language.All
        .ToFrozenDictionary(language => language, Load);

    /// <summary>The texts of a language; English for any language we do not have.</summary>
    public static IReadOnlyDictionary<string, string> For(string language)
        => ByLanguage.TryGetValue(language, out var texts) ? texts : ByLanguage[Language.Default];

    private static FrozenDictionary<string, string> Load(string language)
    {
        var assembly = typeof(EmailTexts).Assembly;
        using var stream = assembly.GetManifestResourceStream($"ClustersCord.Domain.Email.Texts.{language}.json")
            ?? throw new InvalidOperationException($"Email texts for '{language}' are missing.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary();
    }
}
