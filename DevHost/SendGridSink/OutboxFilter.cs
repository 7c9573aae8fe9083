using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// The outbox's filters (<c>?to=&amp;since=&amp;subject=</c>), the same for the page and the JSON: so a developer
/// finds their email among thousands. <c>to</c> and <c>subject</c> match parts, ignoring case (the subject as
/// the recipient sees it, substitutions applied); <c>since</c> is an ISO 8601 instant, inclusive.
/// </summary>
public sealed record OutboxFilter(string? To, DateTimeOffset? Since, string? Subject)
{
    public bool IsEmpty => To is null && Since is null && Subject is null;

    /// <summary>The filter of a request, or the name of the query parameter that cannot be read.</summary>
    public static (OutboxFilter? Filter, string? Invalid) From(IQueryCollection query)
    {
        static string? Text(IQueryCollection query, string name) => query[name].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
        DateTimeOffset? since = null;
        if (Text(query, "since") is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return (null, "since");
            }
            since = parsed;
        }
        return (new OutboxFilter(Text(query, "to"), since, Text(query, "subject")), null);
    }

    public bool Matches(OutboxEntry entry) => Personalizations(entry).Any();

    /// <summary>The personalizations (one email each) of an entry that match.</summary>
    public IEnumerable<JsonElement> Personalizations(OutboxEntry entry)
    {
        if (Since is { } since && entry.ReceivedAt < since)
        {
            return [];
        }
        var all = entry.Request.TryGetProperty("personalizations", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToArray() : [];
        return all.Where(personalization => Contains(Recipients(personalization), To) && Contains(SubjectOf(entry, personalization), Subject));
    }

    public static string Recipients(JsonElement personalization)
        => personalization.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array
            ? string.Join(", ", to.EnumerateArray().Select(a => a.TryGetProperty("email", out var e) ? e.GetString() : null))
            : "";

    /// <summary>The subject as the recipient sees it: the personalization's own, else the request's, substitutions applied.</summary>
    public static string SubjectOf(OutboxEntry entry, JsonElement personalization)
    {
        var subject = personalization.TryGetProperty("subject", out var own) ? own.GetString()
            : entry.Request.TryGetProperty("subject", out var s) ? s.GetString() : "";
        return Substitutions.Apply(subject ?? "", Substitutions.Of(personalization));
    }

    private static bool Contains(string text, string? part) => part is null || text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
