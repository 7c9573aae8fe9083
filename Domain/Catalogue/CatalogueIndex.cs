using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

/// <summary>What a catalogue search asks for; every part is optional and they combine with AND.</summary>
public sealed record CatalogueQuery(Sector? Sector, string? Country, Sector? WorkingGroup, string? Offers, string? Needs, string? Text);

/// <summary>
/// An in-memory snapshot of the approved profiles at one catalogue version, sorted by folded name and id,
/// with each profile's folded search text and canonical topics prepared once. A query is a filtered scan
/// from the page cursor: at 10,000 profiles that is well under a millisecond of work, with no storage
/// round trip, and paging by cursor (the sort key of the last item) never repeats or skips an item
/// while profiles are added.
/// </summary>
public sealed class CatalogueIndex
{
    private readonly Entry[] _entries;
    private readonly Dictionary<string, Entry> _byId;

    private CatalogueIndex(long version, Entry[] entries)
    {
        Version = version;
        _entries = entries;
        _byId = entries.ToDictionary(e => e.Profile.Id, StringComparer.Ordinal);
    }

    public long Version { get; }

    public IEnumerable<ClusterProfile> Profiles => _entries.Select(e => e.Profile);

    public static CatalogueIndex Build(long version, IEnumerable<ClusterProfile> approved)
        => new(version, approved.Select(Entry.Of).OrderBy(e => e.SortKey, StringComparer.Ordinal).ToArray());

    public ClusterProfile? Get(string id) => _byId.GetValueOrDefault(id)?.Profile;

    public Page<ClusterProfile> Search(CatalogueQuery query, int pageSize, string? after)
    {
        var terms = TextFolding.Fold(query.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var offers = string.IsNullOrWhiteSpace(query.Offers) ? null : Topics.Canonical(query.Offers);
        var needs = string.IsNullOrWhiteSpace(query.Needs) ? null : Topics.Canonical(query.Needs);
        var country = query.Country?.Trim().ToUpperInvariant();
        var start = after is null ? 0 : FirstAfter(after);
        var items = new List<ClusterProfile>(pageSize);
        string? next = null;
        for (var i = start; i < _entries.Length; i++)
        {
            var e = _entries[i];
            var matches = (query.Sector is not { } sector || e.Profile.Sectors.Contains(sector))
                          && (query.WorkingGroup is not { } group || e.Profile.WorkingGroups.Contains(group))
                          && (string.IsNullOrEmpty(country) || e.Profile.Country == country)
                          && (offers is null || Has(e.Offers, offers))
                          && (needs is null || Has(e.Needs, needs))
                          && terms.All(e.SearchText.Contains);
            if (!matches)
            {
                continue;
            }
            if (items.Count == pageSize)
            {
                next = items[^1] is var last ? _byId[last.Id].SortKey : null;
                break;
            }
            items.Add(e.Profile);
        }
        return new Page<ClusterProfile>(items, next);
    }

    /// <summary>A topic filter finds a profile whose topic is that topic, or contains the words asked for.</summary>
    private static bool Has(IReadOnlyList<string> topics, string wanted) => topics.Any(t => t == wanted || t.Contains(wanted, StringComparison.Ordinal));

    private int FirstAfter(string sortKey)
    {
        int low = 0, high = _entries.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(_entries[mid].SortKey, sortKey) <= 0) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    internal sealed record Entry(ClusterProfile Profile, string SortKey, string SearchText, IReadOnlyList<string> Offers, IReadOnlyList<string> Needs)
    {
        public static Entry Of(ClusterProfile p)
        {
            var offers = p.Offers.Select(Topics.Canonical).ToArray();
            var needs = p.Needs.Select(Topics.Canonical).ToArray();
            // Search covers the words of vocabulary topics in every language, as well as own phrases.
            var topicWords = p.Offers.Concat(p.Needs).SelectMany(t => Topics.Find(Topics.Canonical(t)) is { } topic ? topic.Labels.Values : [t]);
            var text = TextFolding.Fold(string.Join(' ', new[] { p.Name, p.Description }.Concat(topicWords)));
            return new Entry(p, TextFolding.Fold(p.Name) + "\u0001" + p.Id, text, offers, needs);
        }
    }
}
