using System.Text;
using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Tests.Calendar;

public sealed class EventCalendarTests
{
    private static readonly Event Linz = CalendarForum.Linz;

    private static readonly DateTimeOffset Now = CalendarForum.Now;

    private static readonly CalendarOrganiser Organiser = CalendarForum.Organiser;

    [Fact]
    public void A_published_event_carries_its_sequence_and_the_same_uid_after_a_change()
    {
        var before = EventCalendar.Create(Linz, "en", null, Now, Organiser)!;
        var after = EventCalendar.Create(Linz with { Venue = "Design Center", Sequence = 2 }, "en", null, Now, Organiser)!;

        Assert.Contains("SEQUENCE:0", before);
        Assert.Contains("SEQUENCE:2", after);
        Assert.Contains("UID:forum-linz@clusterscord", before);
        Assert.Contains("UID:forum-linz@clusterscord", after);
        Assert.Contains("METHOD:PUBLISH", after);
        Assert.DoesNotContain("CANCELLED", after);
        Assert.Contains("ORGANIZER;CN=Clusters Cord:mailto:programme@clusterscord.example\r\n", after);
    }

    [Theory]
    [InlineData("")]
    [InlineData("xx")]
    [InlineData("xxxx")]
    public void An_emoji_at_a_fold_arrives_whole_and_no_line_is_longer_than_75_octets(string offset)
    {
        var title = offset + "Forum 👋🌍 Linz " + string.Concat(Enumerable.Repeat("🤝", 40)) + " Überblick";

        var ics = EventCalendar.Create(Linz with { Title = new Dictionary<string, string> { ["en"] = title } }, "en", null, Now, Organiser)!;

        // As an attachment sends it: a half of a surrogate pair would come back as U+FFFD.
        var sent = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(ics));
        Assert.DoesNotContain('\uFFFD', sent);
        Assert.Contains("SUMMARY:" + title + "\r\n", sent.Replace("\r\n ", "", StringComparison.Ordinal));
        Assert.All(sent.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.EndsWith("END:VCALENDAR\r\n", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_event_or_registration_is_a_cancel_with_status_cancelled()
    {
        var eventOff = EventCalendar.Create(Linz with { Status = EventStatus.Cancelled, Sequence = 1 }, "en", null, Now, Organiser)!;
        var registrationOff = EventCalendar.Create(Linz, "en", null, Now, Organiser, registrationCancelled: true)!;

        foreach (var ics in new[] { eventOff, registrationOff })
        {
            Assert.Contains("METHOD:CANCEL", ics);
            Assert.Contains("STATUS:CANCELLED", ics);
            // RFC 5546 asks a CANCEL for its ORGANIZER: the one who published the event.
            Assert.Contains("ORGANIZER;CN=Clusters Cord:mailto:programme@clusterscord.example\r\n", ics);
        }
        Assert.Contains("SEQUENCE:1", eventOff);
    }

    [Theory]
    [InlineData("venue")]
    [InlineData("city")]
    [InlineData("start")]
    [InlineData("zone")]
    public void A_change_of_time_or_place_is_told_and_other_changes_are_not(string what)
    {
        var changed = what switch
        {
            "venue" => Linz with { Venue = null },
            "city" => Linz with { City = "Wels" },
            "start" => Linz with { StartsAt = Linz.StartsAt!.Value.AddHours(1) },
            _ => Linz with { TimeZone = "Europe/Prague" },
        };

        Assert.True(Linz.DiffersInTimeOrPlace(changed));
        Assert.False(Linz.DiffersInTimeOrPlace(Linz with { Capacity = 10, Title = new Dictionary<string, string> { ["en"] = "Other" } }));
    }
}
