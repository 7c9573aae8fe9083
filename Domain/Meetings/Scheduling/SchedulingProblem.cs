namespace ClustersCord.Domain.Meetings.Scheduling;

/// <summary>
/// One accepted meeting request to place: the two people by their index in
/// <see cref="SchedulingProblem.AvailableSlots"/>.
/// </summary>
public sealed record RequestToPlace(string RequestId, int First, int Second);

/// <summary>Where a meeting sits: a slot index (over all sessions, in time order) and a table (0-based).</summary>
public sealed record Placement(string RequestId, int Slot, int Table);

/// <summary>
/// The meetings to plan at one forum: slots numbered over all of the event's sessions in time order,
/// tables numbered from 0, each person's available slots, the accepted requests, and the placements
/// already published (kept where they still fit, so a re-run after late changes moves as little as it can).
/// </summary>
public sealed record SchedulingProblem(
    int Slots,
    int Tables,
    IReadOnlyList<IReadOnlySet<int>> AvailableSlots,
    IReadOnlyList<RequestToPlace> Requests,
    IReadOnlyList<Placement> Published)
{
    public int People => AvailableSlots.Count;

    /// <summary>
    /// No schedule can hold more meetings than this: all slots × tables, nor more than half the sum over
    /// people of min(their available slots, their requests), nor per request pair more than one.
    /// </summary>
    public int UpperBound()
    {
        var requestsPerPerson = new int[People];
        foreach (var request in Requests)
        {
            requestsPerPerson[request.First]++;
            requestsPerPerson[request.Second]++;
        }
        var perPerson = 0;
        for (var person = 0; person < People; person++)
        {
            perPerson += Math.Min(requestsPerPerson[person], AvailableSlots[person].Count);
        }
        return Math.Min(Math.Min(Slots * Tables, perPerson / 2), Requests.Count);
    }
}

/// <summary>What a scheduler found.</summary>
/// <param name="Placements">The meetings placed; requests not listed were not scheduled.</param>
/// <param name="UpperBound">The most any schedule could place (<see cref="SchedulingProblem.UpperBound"/>).</param>
/// <param name="Optimal">Whether the solver proved that no schedule places more (under its objective).</param>
/// <param name="Greedy">How many the greedy assignment placed, for comparison.</param>
public sealed record ScheduleResult(IReadOnlyList<Placement> Placements, int UpperBound, bool Optimal, int Greedy, TimeSpan Elapsed)
{
    public int Scheduled => Placements.Count;
}

/// <summary>Plans a forum's meetings: nobody in two at once, only when both are available, one per table and slot.</summary>
public interface IMeetingScheduler
{
    ScheduleResult Schedule(SchedulingProblem problem, TimeSpan timeLimit, CancellationToken cancellationToken);
}
