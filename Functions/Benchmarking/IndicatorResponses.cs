using System.Text.Json.Serialization;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Benchmarking;

/// <summary>An indicator's statistics; <c>min</c> and <c>max</c> are absent (not null) where they are withheld, <c>area</c> where none was imported.</summary>
public sealed record IndicatorSummaryResponse(
    string Indicator, string Unit, int Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Min,
    decimal P25, decimal Median, decimal P75,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Max,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Area)
{
    public static IndicatorSummaryResponse From(IndicatorSummary s) => new(s.Indicator, s.Unit, s.Count, s.Min, s.P25, s.Median, s.P75, s.Max,
        s.Area is { } area ? Enums.Name(area) : null);
}

/// <summary>A cluster's value among its peers; <c>peerMedian</c> is absent where too few peers share the indicator.</summary>
public sealed record IndicatorStandingResponse(
    string Indicator, string Unit, decimal Value, decimal Percentile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? PeerMedian,
    int Peers)
{
    public static IndicatorStandingResponse From(ClusterStanding s) => new(s.Indicator, s.Unit, s.Value, s.Percentile, s.PeerMedian, s.Peers);
}
