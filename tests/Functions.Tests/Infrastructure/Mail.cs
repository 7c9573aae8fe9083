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
}
