using ClustersCord.Domain.Meetings;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Tests.Calendar;

public sealed class MeetingCalendarTests
{
    private static readonly Event Linz = CalendarForum.Linz;

    private static readonly DateTimeOffset Now = CalendarForum.Now;

    [Fact]
    public void A_cancelled_meeting_is_named_by_the_other_person_or_else_by_the_event_never_by_a_blank()
    {
        var ics = MeetingCalendar.Cancel(Linz, [
            new CalendarCancellation("qnamed", new ParticipantSummary("p1", "Pavel Horák", "Moravian ICT", null)),
            new CalendarCancellation("qerased", new ParticipantSummary("p2", "", "", null)),
            new CalendarCancellation("qunknown", null),
        ], "en", Now, CalendarForum.Organiser);

        Assert.Contains("METHOD:CANCEL", ics);
        Assert.Contains("SUMMARY:Meeting with Pavel Horák\r\n", ics);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(ics, "SUMMARY:Exchange forum Linz\r\n").Count);
        Assert.DoesNotContain("SUMMARY:Meeting with \r\n", ics);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(ics, "STATUS:CANCELLED").Count);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(ics, "ORGANIZER;CN=Clusters Cord:mailto:programme@clusterscord.example\r\n").Count);
    }
}
