using System.Collections.Frozen;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// An enum's values as storage spells them: a fixed string per value, so that renaming a Domain enum member
/// fails to compile here (its stored string stays) instead of orphaning stored rows. Reading ignores case,
/// since rows written before the storage shapes (version 0) spell values in PascalCase ("ExchangeForum").
/// </summary>
public sealed class StoredName<T> where T : struct, Enum
{
    private readonly FrozenDictionary<T, string> _names;
    private readonly FrozenDictionary<string, T> _values;

    public StoredName(params (T Value, string Name)[] pairs)
    {
        // A value added to the Domain enum without a stored name would otherwise fail only when first written.
        var missing = Enum.GetValues<T>().Except(pairs.Select(p => p.Value)).ToArray();
        if (missing.Length > 0 || pairs.DistinctBy(p => p.Value).Count() != pairs.Length
            || pairs.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != pairs.Length)
        {
            throw new InvalidOperationException($"{typeof(T).Name}: every value needs one stored name of its own (missing: {string.Join(", ", missing)}).");
        }
        _names = pairs.ToFrozenDictionary(p => p.Value, p => p.Name);
        _values = pairs.ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<string> Names => _names.Values;

    public string Of(T value) => _names[value];

    public T Parse(string name) => _values.TryGetValue(name, out var value)
        ? value
        : throw new InvalidDataException($"A stored {typeof(T).Name} is not one this code knows.");

    public List<string> Of(IEnumerable<T> values) => values.Select(Of).ToList();

    public List<T> Parse(IEnumerable<string>? names) => (names ?? []).Select(Parse).ToList();
}
