using System.Diagnostics;

namespace ClustersCord.Domain.Meetings.Scheduling;

/// <summary>
/// The greedy assignment: published meetings first where they still fit, then the requests of the people
/// with the fewest free slots first, each into the earliest slot both are free with a table left. Fast and
/// never wrong; the starting hint and the fallback of the CP-SAT scheduler, and its baseline.
/// </summary>
public sealed class GreedyMeetingScheduler : IMeetingScheduler
{
    public ScheduleResult Schedule(SchedulingProblem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var placements = Place(problem);
        return new ScheduleResult(placements, problem.UpperBound(), Optimal: placements.Count == problem.UpperBound(), placements.Count, clock.Elapsed);
    }

    public static IReadOnlyList<Placement> Place(SchedulingProblem problem)
    {
        var busy = new HashSet<(int Person, int Slot)>();
        var tablesUsed = new int[problem.Slots];
        var tableTaken = new HashSet<(int Slot, int Table)>();
        var placed = new List<Placement>();
        var placedIds = new HashSet<string>();
        var requests = problem.Requests.ToDictionary(r => r.RequestId);

        bool Fits(RequestToPlace r, int slot) => slot >= 0 && slot < problem.Slots
            && problem.AvailableSlots[r.First].Contains(slot) && problem.AvailableSlots[r.Second].Contains(slot)
            && !busy.Contains((r.First, slot)) && !busy.Contains((r.Second, slot));

        void Take(RequestToPlace r, int slot, int table)
        {
            busy.Add((r.First, slot));
            busy.Add((r.Second, slot));
            tablesUsed[slot]++;
            tableTaken.Add((slot, table));
            placed.Add(new Placement(r.RequestId, slot, table));
            placedIds.Add(r.RequestId);
        }

        foreach (var kept in problem.Published)
        {
            if (requests.TryGetValue(kept.RequestId, out var r) && !placedIds.Contains(r.RequestId) && Fits(r, kept.Slot)
                && kept.Table >= 0 && kept.Table < problem.Tables && !tableTaken.Contains((kept.Slot, kept.Table)))
            {
                Take(r, kept.Slot, kept.Table);
            }
        }

        // People with few free slots first: they have the fewest chances; ties by id for a stable answer.
        var freedom = problem.AvailableSlots.Select(s => s.Count).ToArray();
        var order = problem.Requests
            .Where(r => !placedIds.Contains(r.RequestId))
            .OrderBy(r => Math.Min(freedom[r.First], freedom[r.Second]))
            .ThenBy(r => r.RequestId, StringComparer.Ordinal);
        foreach (var r in order)
        {
            for (var slot = 0; slot < problem.Slots; slot++)
            {
                if (tablesUsed[slot] >= problem.Tables || !Fits(r, slot))
                {
                    continue;
                }
                var table = Enumerable.Range(0, problem.Tables).First(t => !tableTaken.Contains((slot, t)));
                Take(r, slot, table);
                break;
            }
        }
        return placed;
    }
}
