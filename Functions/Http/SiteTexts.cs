using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Http;

/// <summary>
/// The website's texts (web/locales/{lang}.json, embedded at build) for the API's few HTML pages, so they
/// speak the visitor's language with the very words of the website. Only plain texts are used here (with
/// <c>{event}</c>-style slots filled by <see cref="Text"/>), never the ICU plurals.
/// </summary>
public sealed class SiteTexts
{
    private static readonly ConcurrentDictionary<string, SiteTexts> Loaded = new();
    private readonly JsonNode _texts;
    private readonly JsonNode _english;

    private SiteTexts(string language, JsonNode texts, JsonNode english) => (Code, _texts, _english) = (language, texts, english);

    public string Code { get; }

    /// <summary>The texts of <paramref name="language"/>, or English when it is not one of the project's languages.</summary>
    public static SiteTexts For(string? language)
    {
        var code = language?.Trim().ToLowerInvariant() is { } l && Language.IsSupported(l) ? l : Language.Default;
        return Loaded.GetOrAdd(code, c => new SiteTexts(c, Read(c), Read(Language.Default)));
    }

    /// <summary>A text by its dotted key, HTML-encoded, with its slots filled (values encoded too).</summary>
    public string Html(string key, params (string Name, string Value)[] slots) => WebUtility.HtmlEncode(Text(key, slots));

    public string Text(string key, params (string Name, string Value)[] slots)
    {
        var text = Find(_texts, key) ?? Find(_english, key) ?? key;
        foreach (var (name, value) in slots)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return text;
    }

    private static string? Find(JsonNode root, string key)
    {
        JsonNode? node = root;
        foreach (var part in key.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static JsonNode Read(string language)
    {
        using var stream = typeof(SiteTexts).Assembly.GetManifestResourceStream($"locales.{language}.json")
            ?? throw new InvalidOperationException($"The texts for {language} are not embedded.");
        return JsonNode.Parse(stream) ?? new JsonObject();
    }
}
