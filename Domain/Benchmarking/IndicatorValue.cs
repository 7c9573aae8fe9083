using System.Globalization;
using System.Text.RegularExpressions;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Benchmarking;

public enum IndicatorArea
{
    Structure,
    Governance,
    Financing,
    Services,
    Interaction,
    Achievements,
}

/// <summary>One benchmarking figure: a cluster's value of an indicator in a year.</summary>
public sealed record IndicatorValue(string ClusterId, int Year, string Indicator, decimal Value, string Unit, IndicatorArea? Area);

/// <summary>Checks one line of an indicator table (<c>clusterId,year,indicator,value,unit[,area]</c>).</summary>
public static partial class IndicatorLine
{
    public static readonly string[] Columns = ["clusterId", "year", "indicator", "value", "unit"];

    /// <summary>The largest magnitude a value may have: far beyond any cluster's figure, and small enough that no statistic overflows.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;

    public static bool IsInRange(decimal value) => Math.Abs(value) <= MaxMagnitude;

    /// <summary>The value, or why the line is refused.</summary>
    public static (IndicatorValue? Value, string? Reason) Parse(string? clusterId, string? year, string? indicator, string? value, string? unit, string? area)
    {
        clusterId = clusterId?.Trim();
        if (string.IsNullOrEmpty(clusterId) || !Programme.EventValidator.IsValidId(clusterId))
        {
            return (null, "clusterId: lower-case letters, digits and hyphens.");
        }
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || !BenchmarkYear.IsValid(y))
        {
            return (null, "year: " + BenchmarkYear.Rule);
        }
        indicator = indicator?.Trim();
        if (string.IsNullOrEmpty(indicator) || !IndicatorName().IsMatch(indicator))
        {
            return (null, "indicator: a name of letters, digits, spaces, '-' or '_', up to 100 characters.");
        }
        if (!decimal.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number) || !IsInRange(number))
        {
            // NaN and infinities are not decimals, and 1e29 overflows one: both end here with the out-of-range ones.
            return (null, "value: a finite number from -10^12 to 10^12 with a decimal point, such as 12.5.");
        }
        unit = unit?.Trim() ?? "";
        if (unit.Length > 20 || unit.Any(char.IsControl))
        {
            return (null, "unit: at most 20 characters.");
        }
        IndicatorArea? parsedArea = null;
        if (!string.IsNullOrWhiteSpace(area))
        {
            parsedArea = Enums.Parse<IndicatorArea>(area.Trim());
            if (parsedArea is null)
            {
                return (null, "area: one of " + Enums.Names<IndicatorArea>() + ".");
            }
        }
        return (new IndicatorValue(clusterId, y, indicator, number, unit, parsedArea), null);
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} _\-]{0,99}$")]
    private static partial Regex IndicatorName();
}
