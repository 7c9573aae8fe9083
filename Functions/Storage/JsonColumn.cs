using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Domain records kept whole as JSON in one string property of a row (events, cluster profiles, report
/// metadata): their shape is the domain's, and nothing queries inside it. Columns that queries filter on
/// are written beside it.
/// </summary>
public static class JsonColumn
{
    public const string Name = "Json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(TableEntity row) => JsonSerializer.Deserialize<T>(row.GetString(Name), Options)!;
}
