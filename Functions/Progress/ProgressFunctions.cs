using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Progress;

/// <summary>
/// The project's progress for the public website: events held, confirmed participants by country and by
/// sector of interest, clusters in the catalogue and per working group. Counts only; sample events and
/// sample clusters (local demo data) are left out, so no number shown is made up.
/// </summary>
public sealed class ProgressFunctions(
    IEventStore events,
    CatalogueService catalogue,
    ParticipantCounts participants,
    TimeProvider time,
    ILogger<ProgressFunctions> logger)
{
    [Function("GetProgress")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "progress")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var now = time.GetUtcNow();
            var programme = (await events.ListAsync(cancellationToken)).Where(e => !e.IsSample).ToArray();
            var held = programme.Where(e => IsHeld(e, now)).ToArray();
            var real = programme.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var tally = await participants.TallyAsync(cancellationToken);
            var clusters = (await catalogue.SnapshotAsync(cancellationToken)).Profiles.Where(p => !p.IsSample).ToArray();
            return ApiResults.Ok(new
            {
                events = new
                {
                    held = held.Length,
                    upcoming = programme.Length - held.Length,
                    heldByType = held.GroupBy(e => e.Type).OrderBy(g => g.Key)
                        .Select(g => new { type = Enums.Name(g.Key), count = g.Count() }),
                },
                participants = new
                {
                    confirmed = tally.ByEvent.Where(p => real.Contains(p.Key)).Sum(p => p.Value),
                    byCountry = tally.ByEventAndCountry.Where(p => real.Contains(p.Key.EventId)).GroupBy(p => p.Key.Country)
                        .Select(g => new { country = g.Key, count = g.Sum(p => p.Value) })
                        .OrderByDescending(c => c.count).ThenBy(c => c.country, StringComparer.Ordinal),
                    bySector = Enum.GetValues<Sector>().Select(sector => new
                    {
                        sector = Enums.Name(sector),
                        count = tally.ByEventAndSector.Where(p => p.Key.Sector == sector && real.Contains(p.Key.EventId)).Sum(p => p.Value),
                    }),
                    countedAt = tally.CountedAt,
                },
                clusters = new
                {
                    inCatalogue = clusters.Length,
                    byWorkingGroup = Enum.GetValues<Sector>().Select(sector => new
                    {
                        sector = Enums.Name(sector),
                        count = clusters.Count(c => c.WorkingGroups.Contains(sector)),
                    }),
                },
            });
        });

    /// <summary>Held: ended (its end, else its start, else the end of its month) before now.</summary>
    private static bool IsHeld(Event e, DateTimeOffset now)
        => (e.EndsAt ?? e.StartsAt) is { } end ? end <= now : e.SortKey != DateTimeOffset.MaxValue && e.SortKey.AddMonths(1) <= now;
}
