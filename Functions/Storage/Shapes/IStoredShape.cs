namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// A record's storage shape: its own property names (fixed by <c>[JsonPropertyName]</c>) and a schema
/// version in <c>"v"</c>. Version 0 is a row written before the shapes existed (the Domain record's JSON,
/// no <c>"v"</c>); its property names are the ones the shapes keep, so the same type reads it.
/// </summary>
public interface IStoredShape
{
    /// <summary>The version a row was written in (0 when it has none).</summary>
    int Version { get; }

    /// <summary>The version this code writes; a row of a later one was written by newer code and is refused, not misread.</summary>
    static abstract int Current { get; }
}
