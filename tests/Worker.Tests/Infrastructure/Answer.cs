using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>An HTTP answer reduced to what the two hosts must agree on: status, media type and the shape of a JSON body.</summary>
public sealed record Answer(HttpStatusCode Status, string? MediaType, string Shape, string Body, HttpResponseMessage Response)
{
    public static async Task<Answer> OfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var shape = mediaType is not null && mediaType.EndsWith("json", StringComparison.Ordinal) && body.Length > 0 ? ShapeOf(JsonNode.Parse(body)) : mediaType ?? "";
        return new Answer(response.StatusCode, mediaType, shape, body, response);
    }

    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>
    /// Property names and kinds of values, recursively, names sorted; an array is the shape of its first item
    /// (lists on the two sides hold different data of the same kind).
    /// </summary>
    public static string ShapeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + ShapeOf(p.Value))) + "}",
        JsonArray a => "[" + (a.Count == 0 ? "" : ShapeOf(a[0])) + "]",
        JsonValue v => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? "boolean" : v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "?",
    };

    public override string ToString() => $"{(int)Status} {MediaType} {Body}";
}
