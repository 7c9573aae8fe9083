using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class WaitlistTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 11, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Admits_into_seats_then_onto_the_list_with_tickets_and_dense_positions_in_arrival_order()
    {
        var seats = new CapacityState(Capacity: 1, Confirmed: 0, Waitlisted: 0, LastTicket: 0);
        var admissions = new List<Admission>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            (seats, var admission) = Waitlist.Admit(seats, Candidate(name));
            admissions.Add(admission);
        }

        Assert.Equal([RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted, RegistrationStatus.Waitlisted], admissions.Select(a => a.Registration.Status));
        Assert.Equal(Now, admissions[0].Registration.ConfirmedAt);
        Assert.Null(admissions[1].Registration.ConfirmedAt);
        Assert.Equal([null, 1L, 2L], admissions.Select(a => a.Registration.WaitlistTicket));
        Assert.Equal([null, 1, 2], admissions.Select(a => a.WaitlistPosition));
        Assert.All(admissions, a => Assert.True(a.Created));
        Assert.Equal(new CapacityState(1, 1, 2, 2), seats);
    }

    [Fact]
    public void The_same_person_twice_in_one_batch_is_admitted_once_and_the_repeat_follows_the_first()
    {
        var requests = new[] { Candidate("a"), Candidate("b"), Candidate("a") with { Id = "second-a" }, Candidate("a") with { Id = "third-a" } };

        var (firsts, repeats) = Waitlist.ByPerson(requests, r => r.EmailKey);

        Assert.Equal(["a", "b"], firsts.Select(r => r.Id));
        Assert.Equal([("second-a", "a"), ("third-a", "a")], repeats.Select(r => (r.Repeat.Id, r.First.Id)));
    }

    [Fact]
    public void A_place_counts_only_waiting_tickets_ahead_so_it_stays_dense_after_people_leave()
    {
        var waiting = Candidate("x") with { Status = RegistrationStatus.Waitlisted, WaitlistTicket = 9 };

        Assert.Equal(3, Waitlist.Position(waiting, [2, 7, 9, 12]));
        Assert.Equal(1, Waitlist.Position(waiting, [9]));
        Assert.Null(Waitlist.Position(Candidate("y") with { Status = RegistrationStatus.Confirmed }, [1, 2]));
    }

    [Fact]
    public void Freed_seats_go_to_the_smallest_tickets_skipping_the_one_leaving_and_never_beyond_the_limit()
    {
        var rows = new[]
        {
            Waiting("late", 30), Waiting("first", 3), Waiting("leaving", 1), Waiting("second", 7),
            Candidate("seated") with { Status = RegistrationStatus.Confirmed },
        };
        var seats = new CapacityState(Capacity: 5, Confirmed: 2, Waitlisted: 3, LastTicket: 30);

        var (after, promoted) = Waitlist.Promote(seats, rows, limit: 2, Now, except: "leaving");

        Assert.Equal(["first", "second"], promoted.Select(r => r.Id));
        Assert.All(promoted, r => Assert.Equal((RegistrationStatus.Confirmed, (long?)null, (DateTimeOffset?)Now), (r.Status, r.WaitlistTicket, r.ConfirmedAt)));
        Assert.Equal(new CapacityState(5, 4, 1, 30), after);
    }

    [Fact]
    public void Nothing_is_promoted_without_a_free_seat()
    {
        var (after, promoted) = Waitlist.Promote(new CapacityState(2, 2, 1, 1), [Waiting("w", 1)], limit: 45, Now);

        Assert.Empty(promoted);
        Assert.Equal(new CapacityState(2, 2, 1, 1), after);
    }

    private static Registration Waiting(string id, long ticket) => Candidate(id) with { Status = RegistrationStatus.Waitlisted, WaitlistTicket = ticket };

    private static Registration Candidate(string name) => new()
    {
        Id = name,
        EventId = "event",
        Person = new PersonDetails
        {
            FirstName = name, LastName = "Test", Email = $"{name}@example.org", Organisation = "Org", Country = "AT",
            Role = ParticipantRole.Other,
        },
        EmailKey = $"{name}@example.org",
        Status = RegistrationStatus.Confirmed,
        RegisteredAt = Now,
        ConsentedAt = Now,
        ConsentTextVersion = "1",
        TokenHash = "",
    };
}
