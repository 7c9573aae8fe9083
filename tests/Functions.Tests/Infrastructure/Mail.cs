using System.Text.Json;
using ClustersCord.DevHost.SendGridSink;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>A mail-send request as its recipient reads it: placeholders filled the way the outbox fills them.</summary>
public static class Mail
{
    /// <summary>The value a personalization gives the slot <paramref name="name"/> (as typed, for the text part).</summary>
    public static string Value(JsonElement personalization, string name)
        => Substitutions.Of(personalization).Single(s => s.Key.StartsWith("{{" + name + "_", StringComparison.Ordinal)).Value;

    /// <summary>Subject, text part and HTML part, filled for one personalization.</summary>
    public static (string Subject, string Text, string Html) Filled(JsonElement request, JsonElement personalization)
    {
        var substitutions = Substitutions.Of(personalization);
        string Part(string type) => Substitutions.Apply(
            request.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == type).GetProperty("value").GetString()!,
            substitutions);
        return (Substitutions.Apply(request.GetProperty("subject").GetString()!, substitutions), Part("text/plain"), Part("text/html"));
    }

    /// <summary>A mail-send request's attachments as text, by file name (none when it carries none).</summary>
    public static IReadOnlyDictionary<string, string> Attachments(JsonElement request)
        => request.TryGetProperty("attachments", out var attachments)
            ? attachments.EnumerateArray().ToDictionary(a => a.GetProperty("filename").GetString()!,
                a => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(a.GetProperty("content").GetString()!)))
            : new Dictionary<string, string>();

    /// <summary>The text of the attached file of that name; null when the request carries none.</summary>
    public static string? Attached(JsonElement request, string fileName) => Attachments(request).GetValueOrDefault(fileName);
}
