namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The waiting list's rules in one place. A newcomer takes a seat while one is left, else gets the next
/// ticket; the list is the waiting registrations in ticket order; a place is dense (those ahead, plus
/// one); freed seats go to the smallest tickets first. Storage supplies the rows and commits the result.
/// </summary>
public static class Waitlist
{
    /// <summary>Admits <paramref name="candidate"/> against <paramref name="seats"/>: the seats after it, and the registration as stored.</summary>
    public static (CapacityState Seats, Admission Admission) Admit(CapacityState seats, Registration candidate)
    {
        var (next, status, ticket, position) = seats.Admit();
        var registration = candidate with
        {
            Status = status,
            WaitlistTicket = ticket,
            ConfirmedAt = status == RegistrationStatus.Confirmed ? candidate.RegisteredAt : null,
        };
        return (next, new Admission(registration, Created: true, position));
    }

    /// <summary>
    /// The same person twice in one batch (same <see cref="Registration.EmailKey"/>): the first of each
    /// person is admitted; each repeat gets that first one's registration, not a second one.
    /// </summary>
    public static (IReadOnlyList<T> Firsts, IReadOnlyList<(T Repeat, T First)> Repeats) ByPerson<T>(IEnumerable<T> requests, Func<T, string> emailKey)
    {
        var firsts = new Dictionary<string, T>(StringComparer.Ordinal);
        var order = new List<T>();
        var repeats = new List<(T, T)>();
        foreach (var request in requests)
        {
            if (firsts.TryGetValue(emailKey(request), out var first))
            {
                repeats.Add((request, first));
            }
            else
            {
                firsts[emailKey(request)] = request;
                order.Add(request);
            }
        }
        return (order, repeats);
    }

    /// <summary>Dense 1-based place of a waiting registration: the waiting tickets smaller than its own, plus one; null unless waiting.</summary>
    public static int? Position(Registration registration, IEnumerable<long> waitingTickets)
        => registration is { Status: RegistrationStatus.Waitlisted, WaitlistTicket: { } ticket }
            ? waitingTickets.Count(t => t < ticket) + 1
            : null;

    /// <summary>
    /// Promotes the first waiting (smallest tickets) into the seats due, at most <paramref name="limit"/>
    /// (what one transaction holds), leaving out <paramref name="except"/> (the registration being cancelled).
    /// </summary>
    public static (CapacityState Seats, IReadOnlyList<Registration> Promoted) Promote(CapacityState seats, IEnumerable<Registration> registrations,
        int limit, DateTimeOffset now, string? except = null)
    {
        var promoted = registrations
            .Where(r => r.Status == RegistrationStatus.Waitlisted && r.Id != except)
            .OrderBy(r => r.WaitlistTicket ?? long.MaxValue)
            .Take(Math.Min(seats.PromotionsDue, limit))
            .Select(r => r.Confirm(now))
            .ToList();
        foreach (var _ in promoted)
        {
            seats = seats.Promote();
        }
        return (seats, promoted);
    }
}
