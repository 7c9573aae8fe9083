using System.Text;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Meetings;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using Microsoft.Extensions.Time.Testing;

namespace ClustersCord.Domain.Tests.Email;

public sealed class RegistrationEmailsTests
{
    private static readonly Event Linz = new()
    {
        Id = "forum-linz-2012",
        Type = EventType.ExchangeForum,
        Title = new Dictionary<string, string> { ["en"] = "Exchange forum Linz", ["de"] = "Austauschforum Linz" },
        City = "Linz",
        Country = "AT",
        Venue = "Tabakfabrik <Linz>",
        StartsAt = new DateTimeOffset(2012, 2, 21, 8, 0, 0, TimeSpan.Zero),
        EndsAt = new DateTimeOffset(2012, 2, 22, 16, 0, 0, TimeSpan.Zero),
        TimeZone = "Europe/Vienna",
        Capacity = 60,
        RegistrationOpensAt = DateTimeOffset.MinValue,
        RegistrationClosesAt = DateTimeOffset.MaxValue,
    };

    private static Registration Registrant(string language, string firstName = "Jana") => new()
    {
        Id = "forum-linz-2012.abcdefghijklmnopqrst",
        EventId = "forum-linz-2012",
        Person = new PersonDetails
        {
            FirstName = firstName, LastName = "Nováková", Email = "jana@example.cz", Organisation = "Cluster", Country = "CZ",
            Role = ParticipantRole.ClusterManager, Language = language,
        },
        EmailKey = "jana@example.cz",
        Status = RegistrationStatus.Confirmed,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        ConsentedAt = DateTimeOffset.UnixEpoch,
        ConsentTextVersion = "test",
        TokenHash = "00",
    };

    private static readonly RegistrationEmails Emails = new(
        new RegistrationLinks(new Uri("https://api.example"), new ManageToken(Encoding.UTF8.GetBytes("a-secret-of-at-least-thirty-two-bytes"))),
        Calendar.CalendarForum.Organiser,
        new FakeTimeProvider(new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    public static TheoryData<string, RegistrationEmailKind> EveryLanguageAndKind()
    {
        var data = new TheoryData<string, RegistrationEmailKind>();
        foreach (var language in Language.All)
        {
            // An organiser's message has its own composer (EventMessageEmailsTests), meeting emails too (below).
            foreach (var kind in Enum.GetValues<RegistrationEmailKind>().Where(k => k != RegistrationEmailKind.Message && !RegistrationEmails.IsMeeting(k)))
            {
                data.Add(language, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryLanguageAndKind))]
    public void Every_email_names_the_event_its_dates_and_place_with_nothing_left_unfilled(string language, RegistrationEmailKind kind)
    {
        var message = Emails.Compose(kind, Linz, language, [Registrant(language)], waitlistPosition: 3);
        var (subject, text, html) = FilledEmail.For(message, message.Recipients[0]);

        Assert.Contains(Linz.TitleIn(language), subject);
        foreach (var body in new[] { text, html })
        {
            Assert.Contains("Linz (AT)", body);
            Assert.Contains("2012", body);
            if (RegistrationEmails.HasManageLink(kind))
            {
                Assert.Contains("https://api.example/manage.html#id=", body);
            }
            else
            {
                // Nothing to manage once the registration or the event is off.
                Assert.DoesNotContain("manage.html", body);
            }
            Assert.DoesNotContain("{", body);
        }
        if (kind == RegistrationEmailKind.Waitlisted)
        {
            Assert.Contains(" 3", text);
        }
        Assert.Equal("text/calendar", message.Attachments![0].ContentType);
        // A seat comes with the person's check-in QR code, shown inline; the other emails have none.
        var hasSeat = kind is RegistrationEmailKind.Confirmed or RegistrationEmailKind.Promoted;
        Assert.Equal(hasSeat ? 2 : 1, message.Attachments.Count);
        if (hasSeat)
        {
            Assert.Equal(("image/png", "checkin-qr"), (message.Attachments[1].ContentType, message.Attachments[1].ContentId));
            Assert.Contains("src=\"cid:checkin-qr\"", html);
            Assert.Contains("CC1.forum-linz-2012.abcdefghijklmnopqrst.", text);
            Assert.Contains("CC1.forum-linz-2012.abcdefghijklmnopqrst.", html);
        }
    }

    public static TheoryData<string, RegistrationEmailKind> EveryLanguageAndMeetingKind()
    {
        var data = new TheoryData<string, RegistrationEmailKind>();
        foreach (var language in Language.All)
        {
            foreach (var kind in Enum.GetValues<RegistrationEmailKind>().Where(RegistrationEmails.IsMeeting))
            {
                data.Add(language, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryLanguageAndMeetingKind))]
    public void Every_meeting_email_names_the_other_person_and_lists_the_agenda_where_it_has_one(string language, RegistrationEmailKind kind)
    {
        var other = new ParticipantSummary("pother", "Pavel <Horák>", "Moravian ICT", "cz-ict");
        // 09:20 UTC is 10:20 in Vienna in February; the second meeting is the next day at table 12.
        var agenda = kind is RegistrationEmailKind.MeetingsChanged or RegistrationEmailKind.MeetingWithdrawn
            ? new[]
            {
                new AgendaItem("q1", Linz.Local(new DateTimeOffset(2012, 2, 21, 9, 20, 0, TimeSpan.Zero)), Linz.Local(new DateTimeOffset(2012, 2, 21, 9, 40, 0, TimeSpan.Zero)), 3, other),
                new AgendaItem("q2", Linz.Local(new DateTimeOffset(2012, 2, 22, 8, 0, 0, TimeSpan.Zero)), Linz.Local(new DateTimeOffset(2012, 2, 22, 8, 20, 0, TimeSpan.Zero)), 12, other),
            }
            : null;
        var details = new MeetingEmailDetails(kind == RegistrationEmailKind.MeetingsChanged ? null : other,
            kind == RegistrationEmailKind.MeetingRequested ? "Shall we talk about <pilots>?\n\nSecond paragraph." : null, agenda);

        var message = Emails.ComposeMeeting(kind, Linz, Registrant(language), details);
        var (subject, text, html) = FilledEmail.For(message, Assert.Single(message.Recipients));

        Assert.Contains(Linz.TitleIn(language), subject);
        Assert.Contains("section=meetings", text);
        foreach (var body in new[] { text, html })
        {
            Assert.DoesNotContain("{", body);
        }
        if (details.With is not null)
        {
            Assert.Contains("Pavel <Horák>, Moravian ICT, cz-ict", text);
            Assert.Contains("Pavel &lt;Horák&gt;, Moravian ICT, cz-ict", html);
        }
        if (details.Message is not null)
        {
            Assert.Contains("> Shall we talk about <pilots>?", text);
            Assert.Contains("> Second paragraph.", text);
            Assert.Contains("Shall we talk about &lt;pilots&gt;?", html);
        }
        if (agenda is null)
        {
            // No calendar file: the person has the event's since their confirmation.
            Assert.Null(message.Attachments);
            return;
        }
        Assert.Contains("10:20", text);
        Assert.Contains(TextSlots.Fill(EmailTexts.For(language)["meetingTable"], new Dictionary<string, string> { ["table"] = "12" }) + ": Pavel <Horák>", text);
        var calendar = Encoding.UTF8.GetString(Assert.Single(message.Attachments!).Content);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(calendar, "BEGIN:VEVENT").Count);
        Assert.Contains("UID:q2@clusterscord-meetings", calendar);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("it")]
    [InlineData("sl")]
    [InlineData("cs")]
    [InlineData("sk")]
    [InlineData("hu")]
    [InlineData("pl")]
    public void A_meeting_with_someone_erased_since_says_who_they_were_instead_of_a_blank(string language)
    {
        var erased = new ParticipantSummary("pgone", "", "", null);
        var agenda = new[] { new AgendaItem("q1", Linz.Local(new DateTimeOffset(2012, 2, 21, 9, 20, 0, TimeSpan.Zero)), Linz.Local(new DateTimeOffset(2012, 2, 21, 9, 40, 0, TimeSpan.Zero)), 3, erased) };

        var message = Emails.ComposeMeeting(RegistrationEmailKind.MeetingsChanged, Linz, Registrant(language), new MeetingEmailDetails(null, null, agenda));
        var (_, text, html) = FilledEmail.For(message, Assert.Single(message.Recipients));

        var texts = EmailTexts.For(language);
        var former = texts["meetingFormerParticipant"];
        Assert.Contains(TextSlots.Fill(texts["meetingTable"], new Dictionary<string, string> { ["table"] = "3" }) + ": " + former, text);
        Assert.Contains(former, html);
        var calendar = Encoding.UTF8.GetString(Assert.Single(message.Attachments!).Content).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:" + former.Replace(",", "\\,", StringComparison.Ordinal), calendar);
    }

    [Fact]
    public void A_meeting_email_with_an_empty_agenda_says_so_and_carries_no_calendar_file()
    {
        var message = Emails.ComposeMeeting(RegistrationEmailKind.MeetingsChanged, Linz, Registrant("en"), new MeetingEmailDetails(null, null, []));
        var (_, text, _) = FilledEmail.For(message, Assert.Single(message.Recipients));

        Assert.Contains("No meeting is scheduled for you at the moment.", text);
        Assert.Null(message.Attachments);
    }

    [Fact]
    public void Local_times_are_shown_at_the_event_place()
    {
        var message = Emails.Compose(RegistrationEmailKind.Confirmed, Linz, "de", [Registrant("de")]);

        // 08:00 UTC is 09:00 in Vienna in February.
        Assert.Contains("Dienstag, 21. Februar 2012 09:00", message.TextBody);
        Assert.Contains("Austauschforum Linz", message.Subject);
    }

    [Fact]
    public void What_people_typed_cannot_become_markup()
    {
        var message = Emails.Compose(RegistrationEmailKind.Confirmed, Linz, "en", [Registrant("en", "<script>x</script>")]);
        var (_, text, html) = FilledEmail.For(message, Assert.Single(message.Recipients));

        Assert.Contains("Tabakfabrik &lt;Linz&gt;", html);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("Dear <script>x</script>,", text);
    }

    [Fact]
    public void Reminders_carry_a_one_click_unsubscribe_per_recipient()
    {
        var message = Emails.Compose(RegistrationEmailKind.Reminder, Linz, "en", [Registrant("en")]);
        var recipient = Assert.Single(message.Recipients);

        Assert.StartsWith("<https://api.example/api/registrations/", recipient.Headers!["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", recipient.Headers["List-Unsubscribe-Post"]);
    }
}
