using System.Text.Json;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Catalogue;

/// <summary>Deserialises a submitted profile; a value of the wrong type is reported with its path.</summary>
public static class ClusterInputReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = 16 };

    public static (ClusterInput? Input, IActionResult? Problem) Read(string json)
    {
        try
        {
            var input = JsonSerializer.Deserialize<ClusterInput>(json, Options);
            return input is null ? (null, ApiResults.BadRequest("A JSON object is expected.")) : (input, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, ApiResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["Not a value of the expected type, or not valid JSON."] }));
        }
    }
}
