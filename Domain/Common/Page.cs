namespace ClustersCord.Domain.Common;

/// <summary>One page of a list, with the opaque token for the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
