using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

public enum MatchKind
{
    /// <summary>The other cluster offers something this one seeks.</summary>
    TheyOffer,
    /// <summary>The other cluster seeks something this one offers.</summary>
    TheyNeed,
}

public sealed record MatchReason(MatchKind Kind, string Topic);

public sealed record Match(ClusterProfile Cluster, int Score, IReadOnlyList<MatchReason> Reasons, IReadOnlyList<Sector> SharedSectors, bool CrossBorder);

/// <summary>
/// Who could work with whom: offers meeting needs in both directions weigh most; shared sectors count;
/// a partner in another country counts extra, since cross-border cooperation is the point of the project.
/// Deterministic: ties are ordered by name and id.
/// </summary>
public static class Matchmaker
{
    public const int TopicWeight = 10;
    public const int SectorWeight = 3;
    public const int CrossBorderWeight = 5;

    public static IReadOnlyList<Match> For(ClusterProfile cluster, IEnumerable<ClusterProfile> approved, int limit)
    {
        var myNeeds = cluster.Needs.Select(Topics.Canonical).ToHashSet(StringComparer.Ordinal);
        var myOffers = cluster.Offers.Select(Topics.Canonical).ToHashSet(StringComparer.Ordinal);
        return approved
            .Where(other => other.Id != cluster.Id && other.Status == ProfileStatus.Approved)
            .Select(other =>
            {
                var reasons = Reasons(MatchKind.TheyOffer, other.Offers, myNeeds).Concat(Reasons(MatchKind.TheyNeed, other.Needs, myOffers)).ToArray();
                var shared = cluster.Sectors.Intersect(other.Sectors).ToArray();
                var crossBorder = other.Country != cluster.Country;
                var relevant = reasons.Length > 0 || shared.Length > 0;
                var score = reasons.Length * TopicWeight + shared.Length * SectorWeight + (relevant && crossBorder ? CrossBorderWeight : 0);
                return new Match(other, relevant ? score : 0, reasons, shared, crossBorder);
            })
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score)
            .ThenBy(m => TextFolding.Fold(m.Cluster.Name), StringComparer.Ordinal)
            .ThenBy(m => m.Cluster.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
    }

    private static IEnumerable<MatchReason> Reasons(MatchKind kind, IEnumerable<string> theirTopics, HashSet<string> mine)
        => theirTopics
            .Select(t => (Phrase: t, Canonical: Topics.Canonical(t)))
            .Where(t => mine.Contains(t.Canonical))
            .DistinctBy(t => t.Canonical)
            .Select(t => new MatchReason(kind, Topics.Find(t.Canonical) is not null ? t.Canonical : t.Phrase));
}
