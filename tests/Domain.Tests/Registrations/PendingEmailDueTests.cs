using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using ClustersCord.Domain.Tests.Calendar;

namespace ClustersCord.Domain.Tests.Registrations;

/// <summary>Which owed emails still tell the event as it stands once it is cancelled.</summary>
public sealed class PendingEmailDueTests
{
    private static readonly Event Cancelled = CalendarForum.Linz with { Status = EventStatus.Cancelled, Sequence = 2 };

    private static readonly Registration Confirmed = new()
    {
        Id = "forum-linz.r1",
        EventId = "forum-linz",
        Person = new PersonDetails
        {
            FirstName = "Jana", LastName = "Nováková", Email = "jana@example.org", Organisation = "Moravian ICT Cluster", Country = "CZ",
            Role = ParticipantRole.ClusterManager,
        },
        EmailKey = "jana@example.org",
        Status = RegistrationStatus.Confirmed,
        RegisteredAt = CalendarForum.Now,
        ConsentedAt = CalendarForum.Now,
        ConsentTextVersion = "1",
        TokenHash = "",
    };

    [Fact]
    public void Only_the_cancellation_notice_of_the_sequence_saved_is_due()
    {
        // A cancellation that lost a try to another save owed notices of a sequence the event never reached.
        Assert.True(new PendingEmail(Confirmed.Id, RegistrationEmailKind.EventCancelled, "2").IsStillDue(Confirmed, Cancelled));
        Assert.False(new PendingEmail(Confirmed.Id, RegistrationEmailKind.EventCancelled, "1").IsStillDue(Confirmed, Cancelled));
    }

    [Theory]
    [InlineData(RegistrationEmailKind.Confirmed)]
    [InlineData(RegistrationEmailKind.Promoted)]
    [InlineData(RegistrationEmailKind.LinkResent)]
    public void What_tells_a_place_at_the_event_is_not_due_once_it_is_cancelled(RegistrationEmailKind kind)
    {
        Assert.True(new PendingEmail(Confirmed.Id, kind).IsStillDue(Confirmed, CalendarForum.Linz));
        Assert.False(new PendingEmail(Confirmed.Id, kind).IsStillDue(Confirmed, Cancelled));
    }
}
