using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ClustersCord.Functions.Http;

/// <summary>Conditional GETs per RFC 9110.</summary>
public static class EntityTags
{
    /// <summary>
    /// True when <c>If-None-Match</c> matches <paramref name="current"/>: <c>*</c>, or any tag of the list by
    /// weak comparison (RFC 9110 §13.1.2: <c>W/"x"</c> matches <c>"x"</c>). A header that does not parse is ignored.
    /// </summary>
    public static bool NoneMatchFails(HttpRequest request, string current)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch.OfType<string>().ToArray(), out var tags)
            || !EntityTagHeaderValue.TryParse(current, out var currentTag))
        {
            return false;
        }
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(currentTag, useStrongComparison: false));
    }
}
