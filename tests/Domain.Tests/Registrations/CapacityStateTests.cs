using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class CapacityStateTests
{
    [Fact]
    public void Admits_with_a_seat_while_one_is_left_then_waitlists_with_dense_positions()
    {
        var state = new CapacityState(Capacity: 2, Confirmed: 0, Waitlisted: 0, LastTicket: 0);
        var statuses = new List<(RegistrationStatus, int?)>();
        for (var i = 0; i < 5; i++)
        {
            (state, var status, _, var position) = state.Admit();
            statuses.Add((status, position));
        }

        Assert.Equal([
            (RegistrationStatus.Confirmed, null), (RegistrationStatus.Confirmed, null),
            (RegistrationStatus.Waitlisted, 1), (RegistrationStatus.Waitlisted, 2), (RegistrationStatus.Waitlisted, 3),
        ], statuses);
        Assert.Equal(new CapacityState(2, 2, 3, 3), state);
    }

    [Fact]
    public void Tickets_keep_growing_after_people_leave_the_list()
    {
        var state = new CapacityState(0, 0, 2, LastTicket: 7).Release(RegistrationStatus.Waitlisted);

        var (_, _, ticket, position) = state.Admit();

        Assert.Equal(8, ticket);
        Assert.Equal(2, position);
    }

    [Fact]
    public void A_freed_seat_is_due_to_the_waiting_list()
    {
        var state = new CapacityState(3, 3, 4, 4).Release(RegistrationStatus.Confirmed);

        Assert.Equal(1, state.PromotionsDue);
        Assert.Equal(new CapacityState(3, 3, 3, 4), state.Promote());
    }

    [Fact]
    public void Raising_capacity_makes_promotions_due_up_to_the_waiting_count()
    {
        Assert.Equal(2, (new CapacityState(10, 10, 2, 2) with { Capacity = 20 }).PromotionsDue);
        Assert.Equal(0, new CapacityState(10, 4, 0, 0).PromotionsDue);
    }

    [Fact]
    public void A_closed_event_promotes_nobody_into_a_freed_seat()
    {
        var state = new CapacityState(3, 3, 4, 4, Closed: true).Release(RegistrationStatus.Confirmed);

        Assert.Equal(0, state.PromotionsDue);
        Assert.True(state.Closed);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(4, false)]
    public void Capacity_may_not_go_below_the_confirmed_count(int capacity, bool allowed)
        => Assert.Equal(allowed, new CapacityState(10, 5, 0, 0).CanSetCapacity(capacity));
}
