using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// An indicator's spread; <see cref="Min"/> and <see cref="Max"/> are each one cluster's exact value, so absent for the public.
/// <see cref="Area"/> is the area its imported rows named (the first named, in cluster order), null when none did.
/// </summary>
public sealed record IndicatorSummary(string Indicator, string Unit, int Count, decimal? Min, decimal P25, decimal Median, decimal P75, decimal? Max,
    IndicatorArea? Area = null);

public sealed record ClusterStanding(string Indicator, string Unit, decimal Value, decimal Percentile, decimal? PeerMedian, int Peers);

public sealed record ImportReport(int Imported, int Changed, IReadOnlyList<(int Line, string Reason)> Rejected);

/// <summary>
/// Indicator tables: import, and how each cluster stands among its peers. Figures of single clusters are
/// not public: an anonymous caller sees only indicators with values from at least the minimum group size of
/// clusters and no minimum or maximum; a peer median is given only where enough peers share it.
/// </summary>
public sealed class IndicatorStatistics(IIndicatorStore store, CatalogueService catalogue, IClusterStore clusters)
{
    /// <summary>
    /// Checks every line; good lines are stored even when others are refused. Within one year an indicator
    /// has one unit; the same cluster, year and indicator twice in a file is refused the second time; a
    /// cluster must be in the catalogue, approved or awaiting review (a rejected profile is no cluster of
    /// the project, nor is one its contact withdrew).
    /// </summary>
    public async Task<ImportReport> ImportAsync(IReadOnlyList<(int Line, IndicatorValue? Value, string? Reason)> lines, CancellationToken cancellationToken)
    {
        var rejected = new List<(int, string)>();
        var accepted = new List<IndicatorValue>();
        var seen = new Dictionary<(string, int, string), int>();
        var units = new Dictionary<(int, string), string>();
        foreach (var year in lines.Where(l => l.Value is not null).Select(l => l.Value!.Year).Distinct())
        {
            // The units the statistics use: a withdrawn cluster's stored values no longer fix an indicator's unit.
            foreach (var stored in (await ValuesAsync(year, cancellationToken)).Values)
            {
                units.TryAdd((stored.Year, stored.Indicator), stored.Unit);
            }
        }
        var known = await KnownClustersAsync(lines.Where(l => l.Value is not null).Select(l => l.Value!.ClusterId), cancellationToken);
        foreach (var (line, value, reason) in lines)
        {
            if (value is null)
            {
                rejected.Add((line, reason ?? "Not a valid line."));
                continue;
            }
            if (!known.Contains(value.ClusterId))
            {
                rejected.Add((line, $"clusterId: '{value.ClusterId}' is not a cluster of the catalogue."));
                continue;
            }
            if (seen.TryGetValue((value.ClusterId, value.Year, value.Indicator), out var first))
            {
                rejected.Add((line, $"The same cluster, year and indicator as line {first}."));
                continue;
            }
            if (units.TryGetValue((value.Year, value.Indicator), out var unit) && unit != value.Unit)
            {
                rejected.Add((line, $"unit: '{value.Indicator}' is measured in '{unit}' in {value.Year}."));
                continue;
            }
            seen[(value.ClusterId, value.Year, value.Indicator)] = line;
            units[(value.Year, value.Indicator)] = value.Unit;
            accepted.Add(value);
        }
        var changed = await store.UpsertAsync(accepted, cancellationToken);
        return new ImportReport(accepted.Count, changed, rejected);
    }

    /// <param name="audience">Observers and organisers see every indicator and every field.</param>
    public async Task<(int? Year, IReadOnlyList<IndicatorSummary> Items)> SummaryAsync(
        int? year, Sector? sector, Audience audience, int minimumGroupSize, CancellationToken cancellationToken)
    {
        year ??= await store.LatestYearAsync(cancellationToken);
        if (year is null)
        {
            return (null, []);
        }
        var (values, clusterOf) = await ValuesAsync(year.Value, cancellationToken);
        if (sector is { } wanted)
        {
            values = values.Where(v => clusterOf[v.ClusterId].Sectors.Contains(wanted)).ToArray();
        }
        var complete = audience is Audience.Observer or Audience.Organiser;
        var items = values.GroupBy(v => v.Indicator).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Where(g => complete || g.Count() >= minimumGroupSize)
            .Select(g =>
            {
                var sorted = g.Select(v => v.Value).Order().ToArray();
                return new IndicatorSummary(g.Key, g.First().Unit, sorted.Length, complete ? sorted[0] : null, Statistics.PercentileInc(sorted, 0.25m),
                    Statistics.PercentileInc(sorted, 0.5m), Statistics.PercentileInc(sorted, 0.75m), complete ? sorted[^1] : null,
                    g.OrderBy(v => v.ClusterId, StringComparer.Ordinal).Select(v => v.Area).FirstOrDefault(a => a is not null));
            }).ToArray();
        return (year, items);
    }

    /// <summary>A cluster among its peers; the peer median only where at least <paramref name="minimumGroupSize"/> − 1 other clusters have a value.</summary>
    public async Task<(int? Year, IReadOnlyList<ClusterStanding> Items)> StandingAsync(string clusterId, int? year, int minimumGroupSize, CancellationToken cancellationToken)
    {
        year ??= await store.LatestYearAsync(cancellationToken);
        if (year is null)
        {
            return (null, []);
        }
        var (values, _) = await ValuesAsync(year.Value, cancellationToken);
        var items = values.Where(v => v.ClusterId == clusterId).OrderBy(v => v.Indicator, StringComparer.Ordinal).Select(mine =>
        {
            var all = values.Where(v => v.Indicator == mine.Indicator).Select(v => v.Value).Order().ToArray();
            var peers = values.Where(v => v.Indicator == mine.Indicator && v.ClusterId != clusterId).Select(v => v.Value).Order().ToArray();
            return new ClusterStanding(mine.Indicator, mine.Unit, mine.Value, Statistics.PercentRank(all, mine.Value),
                peers.Length == 0 || peers.Length < minimumGroupSize - 1 ? null : Statistics.PercentileInc(peers, 0.5m), peers.Length);
        }).ToArray();
        return (year, items);
    }

    /// <summary>
    /// A year's values as the statistics may use them, with the profile of each cluster they belong to: those of
    /// the project's clusters (approved, or awaiting review), in range. A withdrawn or rejected cluster's values
    /// stay stored but count nowhere: it has left the project, and its figures must not keep shaping its former
    /// peers' medians. A value stored before the import checked its range (or written by hand) is left out
    /// rather than overflowing the arithmetic. The public catalogue's cached snapshot answers for the approved
    /// clusters, so only a value of a cluster outside it costs a read.
    /// </summary>
    private async Task<(IReadOnlyList<IndicatorValue> Values, IReadOnlyDictionary<string, ClusterProfile> ClusterOf)> ValuesAsync(
        int year, CancellationToken cancellationToken)
    {
        var values = (await store.ForYearAsync(year, cancellationToken)).Where(v => IndicatorLine.IsInRange(v.Value)).ToArray();
        var approved = await catalogue.SnapshotAsync(cancellationToken);
        var clusterOf = new Dictionary<string, ClusterProfile>(StringComparer.Ordinal);
        foreach (var id in values.Select(v => v.ClusterId).Distinct(StringComparer.Ordinal))
        {
            var profile = approved.Get(id) ?? await clusters.GetAsync(id, cancellationToken);
            if (InProject(profile))
            {
                clusterOf[id] = profile!;
            }
        }
        return (values.Where(v => clusterOf.ContainsKey(v.ClusterId)).ToArray(), clusterOf);
    }

    /// <summary>A cluster of the project: in the catalogue, approved or awaiting review; not rejected, not withdrawn by its contact.</summary>
    private static bool InProject(ClusterProfile? profile) => profile is { Status: not (ProfileStatus.Rejected or ProfileStatus.Withdrawn) };

    private async Task<HashSet<string>> KnownClustersAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (InProject(await clusters.GetAsync(id, cancellationToken)))
            {
                known.Add(id);
            }
        }
        return known;
    }
}
