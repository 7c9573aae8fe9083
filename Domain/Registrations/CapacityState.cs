namespace ClustersCord.Domain.Registrations;

/// <summary>
/// An event's seats: how many, how many are taken, how many wait. Every change of a registration's
/// status changes this record in the same transaction, so the counts always equal the stored rows.
/// </summary>
/// <param name="Closed">
/// The event is cancelled: nobody is admitted or promoted any more. Set under the record's ETag before the
/// registrants are told, so every registration the cancellation notice misses was refused.
/// </param>
public sealed record CapacityState(int Capacity, int Confirmed, int Waitlisted, long LastTicket, bool Closed = false)
{
    public int SeatsLeft => Math.Max(0, Capacity - Confirmed);

    /// <summary>A newcomer takes a seat while one is left, else joins the end of the waiting list.</summary>
    public (CapacityState State, RegistrationStatus Status, long? Ticket, int? Position) Admit()
        => Confirmed < Capacity
            ? (this with { Confirmed = Confirmed + 1 }, RegistrationStatus.Confirmed, null, null)
            : (this with { Waitlisted = Waitlisted + 1, LastTicket = LastTicket + 1 }, RegistrationStatus.Waitlisted, LastTicket + 1, Waitlisted + 1);

    public CapacityState Release(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => this with { Confirmed = Confirmed - 1 },
        RegistrationStatus.Waitlisted => this with { Waitlisted = Waitlisted - 1 },
        _ => this,
    };

    /// <summary>How many from the waiting list get a seat now.</summary>
    public int PromotionsDue => Closed ? 0 : Math.Min(Waitlisted, SeatsLeft);

    public CapacityState Promote() => this with { Confirmed = Confirmed + 1, Waitlisted = Waitlisted - 1 };

    public bool CanSetCapacity(int capacity) => capacity >= Confirmed;
}
