using ClustersCord.Domain.Meetings.Scheduling;

namespace ClustersCord.Domain.Tests.Meetings;

/// <summary>
/// A seeded random forum: each person available in a random share of the slots (between the two fractions
/// given), requests between distinct random pairs (no pair twice). Shared with the benchmark (bench/ links it).
/// </summary>
public static class RandomForum
{
    public static SchedulingProblem Create(int seed, int people, int requests, int slots, int tables, double minAvailable = 0.6, double maxAvailable = 1.0)
    {
        var random = new Random(seed);
        var available = new List<IReadOnlySet<int>>(people);
        for (var person = 0; person < people; person++)
        {
            var share = minAvailable + (random.NextDouble() * (maxAvailable - minAvailable));
            var count = Math.Clamp((int)Math.Round(share * slots), 0, slots);
            var order = Enumerable.Range(0, slots).ToArray();
            random.Shuffle(order);
            available.Add(order.Take(count).ToHashSet());
        }
        var pairs = new HashSet<(int, int)>();
        var list = new List<RequestToPlace>(requests);
        var maxPairs = people * (people - 1) / 2;
        while (list.Count < Math.Min(requests, maxPairs))
        {
            var first = random.Next(people);
            var second = random.Next(people);
            if (first == second || !pairs.Add((Math.Min(first, second), Math.Max(first, second))))
            {
                continue;
            }
            list.Add(new RequestToPlace($"r{list.Count:D4}", first, second));
        }
        return new SchedulingProblem(slots, tables, available, list, []);
    }
}
