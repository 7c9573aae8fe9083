using ClustersCord.Domain.Meetings.Scheduling;

namespace ClustersCord.Domain.Tests.Meetings;

/// <summary>
/// The best schedule of a small problem by trying every one (each request: not placed, or in each slot both
/// are free), written apart from the schedulers. Best = most people with a meeting, then most meetings.
/// Tables are a count per slot (any numbering of a slot's meetings is as good).
/// </summary>
public static class ExhaustiveSearch
{
    public static (int PeopleWithMeetings, int Meetings) Best(SchedulingProblem problem)
    {
        var requests = problem.Requests;
        var busy = new HashSet<(int, int)>();
        var perSlot = new int[Math.Max(problem.Slots, 0)];
        var meetingsOf = new int[problem.AvailableSlots.Count];
        var best = (0, 0);
        var covered = 0;
        var count = 0;

        void Visit(int index)
        {
            if (index == requests.Count)
            {
                if (covered > best.Item1 || (covered == best.Item1 && count > best.Item2))
                {
                    best = (covered, count);
                }
                return;
            }
            Visit(index + 1);
            var request = requests[index];
            for (var slot = 0; slot < problem.Slots; slot++)
            {
                if (perSlot[slot] >= problem.Tables || busy.Contains((request.First, slot)) || busy.Contains((request.Second, slot))
                    || !problem.AvailableSlots[request.First].Contains(slot) || !problem.AvailableSlots[request.Second].Contains(slot))
                {
                    continue;
                }
                busy.Add((request.First, slot));
                busy.Add((request.Second, slot));
                perSlot[slot]++;
                count++;
                foreach (var person in new[] { request.First, request.Second })
                {
                    if (meetingsOf[person]++ == 0)
                    {
                        covered++;
                    }
                }
                Visit(index + 1);
                foreach (var person in new[] { request.First, request.Second })
                {
                    if (--meetingsOf[person] == 0)
                    {
                        covered--;
                    }
                }
                count--;
                perSlot[slot]--;
                busy.Remove((request.First, slot));
                busy.Remove((request.Second, slot));
            }
        }

        Visit(0);
        return best;
    }
}
