using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Progress;

/// <summary>Confirmed registrations per event, country and sector of interest: counts only, never who.</summary>
public sealed record ParticipantTally(
    IReadOnlyDictionary<string, int> ByEvent,
    IReadOnlyDictionary<(string EventId, string Country), int> ByEventAndCountry,
    IReadOnlyDictionary<(string EventId, Sector Sector), int> ByEventAndSector,
    DateTimeOffset CountedAt);

/// <summary>
/// Counts the confirmed registrations of every event from the registration rows (their status, country
/// and sectors columns only; anonymised rows keep those, so counts of past events stay). One count serves
/// every request for <see cref="ProgressOptions.CountsMaxAge"/>; one count runs at a time (single flight),
/// and requests meanwhile answer from the previous count if there is one. So the registrations are read
/// at most once per bound per instance, whatever the traffic.
/// </summary>
public sealed class ParticipantCounts(StorageTables tables, TimeProvider time, IOptions<ProgressOptions> options)
{
    private readonly Lock _gate = new();
    private ParticipantTally? _known;
    private Task<ParticipantTally>? _counting;

    /// <summary>How many times this instance has counted (for the tests).</summary>
    public int Counts => _counts;

    private int _counts;

    public async Task<ParticipantTally> TallyAsync(CancellationToken cancellationToken)
    {
        Task<ParticipantTally> counting;
        lock (_gate)
        {
            if (_known is { } known && (time.GetUtcNow() - known.CountedAt < options.Value.CountsMaxAge || _counting is not null))
            {
                return known;
            }
            counting = _counting ??= Task.Run(CountAsync, CancellationToken.None);
        }
        return await counting.WaitAsync(cancellationToken);
    }

    private async Task<ParticipantTally> CountAsync()
    {
        try
        {
            var countedAt = time.GetUtcNow();
            var byEvent = new Dictionary<string, int>(StringComparer.Ordinal);
            var byCountry = new Dictionary<(string, string), int>();
            var bySector = new Dictionary<(string, Sector), int>();
            var table = await tables.GetAsync(TableNames.Registrations, CancellationToken.None);
            var prefix = RegistrationKeys.RegistrationPrefix;
            var filter = TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "Status", "Country", "Sectors"]))
            {
                if (Enums.Parse<RegistrationStatus>(row.GetString("Status")) != RegistrationStatus.Confirmed)
                {
                    continue;
                }
                var eventId = row.PartitionKey;
                byEvent[eventId] = byEvent.GetValueOrDefault(eventId) + 1;
                if (row.GetString("Country") is { Length: > 0 } country)
                {
                    byCountry[(eventId, country.ToUpperInvariant())] = byCountry.GetValueOrDefault((eventId, country.ToUpperInvariant())) + 1;
                }
                foreach (var name in (row.GetString("Sectors") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Enums.Parse<Sector>(name) is { } sector)
                    {
                        bySector[(eventId, sector)] = bySector.GetValueOrDefault((eventId, sector)) + 1;
                    }
                }
            }
            var tally = new ParticipantTally(byEvent, byCountry, bySector, countedAt);
            Interlocked.Increment(ref _counts);
            lock (_gate)
            {
                _known = tally;
            }
            return tally;
        }
        finally
        {
            lock (_gate)
            {
                _counting = null;
            }
        }
    }
}
