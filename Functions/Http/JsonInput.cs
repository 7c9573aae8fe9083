using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Http;

/// <summary>Reads JSON request bodies; a value of the wrong type becomes a validation problem naming its path.</summary>
public static class JsonInput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 16,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static (T? Value, IActionResult? Problem) Read<T>(string json) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Options);
            return value is null ? (null, ApiResults.BadRequest("A JSON object is expected.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, ApiResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["Not a value of the expected type, or not valid JSON."] }));
        }
    }

    /// <summary>
    /// The items of a list under <paramref name="property"/> (<c>{ "events": [ … ] }</c>), each with its
    /// <c>id</c>, for the organisers' imports.
    /// </summary>
    public static (IReadOnlyList<(string Id, string Json)>? Items, IActionResult? Problem) ReadList(string json, string property, int maxItems)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return (null, ApiResults.ValidationProblem(new Dictionary<string, string[]> { [property] = ["A list is required."] }));
            }
            if (list.GetArrayLength() > maxItems)
            {
                return (null, ApiResults.ValidationProblem(new Dictionary<string, string[]> { [property] = [$"At most {maxItems} at once."] }));
            }
            return (list.EnumerateArray().Select(item => (
                item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
                item.GetRawText())).ToArray(), null);
        }
        catch (JsonException)
        {
            return (null, ApiResults.BadRequest("Not valid JSON."));
        }
    }
}
