using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// A record kept whole as JSON in one string property of a row (events, cluster profiles, report
/// metadata), in its storage shape (<see cref="IStoredShape"/>), never a Domain record: nothing queries
/// inside it, and a rename in Domain must not change what is stored. Columns that queries filter on are
/// written beside it.
/// </summary>
public static class JsonColumn
{
    public const string Name = "Json";

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // A required text stored as null is a damaged row: refused when read, not a null deep inside Domain.
        RespectNullableAnnotations = true,
    };

    public static string Write<T>(T stored) where T : IStoredShape => JsonSerializer.Serialize(stored, Options);

    public static T Read<T>(TableEntity row) where T : IStoredShape => Parse<T>(row.GetString(Name));

    public static T Parse<T>(string json) where T : IStoredShape
    {
        var stored = JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");
        return stored.Version <= T.Current
            ? stored
            : throw new InvalidDataException($"A stored {typeof(T).Name} has version {stored.Version}; this code reads up to {T.Current}.");
    }
}
