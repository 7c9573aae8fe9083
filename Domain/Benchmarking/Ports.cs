using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>Where report metadata is kept (the files are blobs, see the upload adapter).</summary>
public interface IReportStore
{
    Task SaveAsync(BenchmarkReport report, CancellationToken cancellationToken);
    Task<BenchmarkReport?> GetAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<BenchmarkReport>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Where indicator values are kept: one partition per year.</summary>
public interface IIndicatorStore
{
    /// <summary>Stores the values; a value equal to the stored one changes nothing.</summary>
    Task<int> UpsertAsync(IReadOnlyList<IndicatorValue> values, CancellationToken cancellationToken);
    Task<IReadOnlyList<IndicatorValue>> ForYearAsync(int year, CancellationToken cancellationToken);
    Task<int?> LatestYearAsync(CancellationToken cancellationToken);
}
