namespace ClustersCord.Domain.Benchmarking;

/// <summary>Peer statistics as spreadsheets compute them, so organisers can check the figures in Excel.</summary>
public static class Statistics
{
    /// <summary>
    /// Excel's PERCENTILE.INC: rank p·(n−1) in the sorted values, linear interpolation between the closest ranks.
    /// </summary>
    public static decimal PercentileInc(IReadOnlyList<decimal> sorted, decimal p)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }
        var rank = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return Tidy(sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>Drops the trailing zeros decimal arithmetic leaves (3.00 → 3), so figures read as typed.</summary>
    public static decimal Tidy(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>
    /// Excel's PERCENTRANK.INC as a percentage: the share of the other values below this one
    /// (values below ÷ (n − 1)); 100 for the single value of a group of one.
    /// </summary>
    public static decimal PercentRank(IReadOnlyList<decimal> sorted, decimal value)
    {
        if (sorted.Count <= 1)
        {
            return 100m;
        }
        var below = sorted.Count(v => v < value);
        return Math.Round(100m * below / (sorted.Count - 1), 1);
    }
}
