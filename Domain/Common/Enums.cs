using System.Text.Json;

namespace ClustersCord.Domain.Common;

/// <summary>Enum values as the API spells them: camelCase names (<c>energyEnvironment</c>).</summary>
public static class Enums
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static T? Parse<T>(string? text) where T : struct, Enum
        => text is null ? null : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Name(v!.Value) == text.Trim());

    public static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Name(v)));

    /// <summary>A list of names as values, in order and without repeats; an unknown name is an error of <paramref name="field"/>.</summary>
    public static List<T> ParseList<T>(IEnumerable<string>? names, ValidationErrors errors, string field) where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var name in names ?? [])
        {
            if (Parse<T>(name) is { } value)
            {
                if (!values.Contains(value)) values.Add(value);
            }
            else
            {
                errors.Add(field, "Each one of " + Names<T>() + ".");
            }
        }
        return values;
    }
}
