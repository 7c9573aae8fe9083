using ClustersCord.Domain.Meetings.Scheduling;

namespace ClustersCord.Domain.Tests.Meetings;

/// <summary>
/// Checks a schedule against the problem's rules, written apart from the schedulers (it uses none of their
/// code, only the problem's and the answer's data): every placement names a request of the problem, at most
/// once; its slot exists and both people are available in it; nobody is in two meetings of one slot; its table
/// exists and holds one meeting per slot. Also linked into the benchmark (bench/), which checks every answer.
/// </summary>
public static class ScheduleValidator
{
    public static IReadOnlyList<string> Violations(SchedulingProblem problem, IReadOnlyList<Placement> placements)
    {
        var errors = new List<string>();
        var requests = new Dictionary<string, RequestToPlace>(StringComparer.Ordinal);
        foreach (var request in problem.Requests)
        {
            requests.TryAdd(request.RequestId, request);
        }
        var seenRequests = new HashSet<string>(StringComparer.Ordinal);
        var personInSlot = new Dictionary<(int Person, int Slot), string>();
        var tableInSlot = new Dictionary<(int Slot, int Table), string>();
        foreach (var placement in placements)
        {
            var id = placement.RequestId;
            if (!seenRequests.Add(id))
            {
                errors.Add($"request {id} placed more than once");
            }
            if (!requests.TryGetValue(id, out var request))
            {
                errors.Add($"request {id} is not a request of the problem");
                continue;
            }
            if (placement.Slot < 0 || placement.Slot >= problem.Slots)
            {
                errors.Add($"request {id} in slot {placement.Slot}, outside 0..{problem.Slots - 1}");
            }
            if (placement.Table < 0 || placement.Table >= problem.Tables)
            {
                errors.Add($"request {id} at table {placement.Table}, outside 0..{problem.Tables - 1}");
            }
            else if (!tableInSlot.TryAdd((placement.Slot, placement.Table), id))
            {
                errors.Add($"requests {tableInSlot[(placement.Slot, placement.Table)]} and {id} share table {placement.Table} in slot {placement.Slot}");
            }
            foreach (var person in new[] { request.First, request.Second })
            {
                if (person < 0 || person >= problem.AvailableSlots.Count || !problem.AvailableSlots[person].Contains(placement.Slot))
                {
                    errors.Add($"request {id}: person {person} is not available in slot {placement.Slot}");
                }
                if (!personInSlot.TryAdd((person, placement.Slot), id))
                {
                    errors.Add($"person {person} in two meetings in slot {placement.Slot}: {personInSlot[(person, placement.Slot)]} and {id}");
                }
            }
        }
        return errors;
    }

    /// <summary>People with at least one request, and of those the ones with at least one meeting.</summary>
    public static (int WithRequests, int WithMeetings) Coverage(SchedulingProblem problem, IReadOnlyList<Placement> placements)
    {
        var withRequests = problem.Requests.SelectMany(r => new[] { r.First, r.Second }).ToHashSet();
        var byId = problem.Requests.GroupBy(r => r.RequestId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var withMeetings = placements.SelectMany(p => new[] { byId[p.RequestId].First, byId[p.RequestId].Second }).ToHashSet();
        return (withRequests.Count, withMeetings.Count);
    }
}
