using System.Text;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
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
        new FakeTimeProvider(new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    public static TheoryData<string, RegistrationEmailKind> EveryLanguageAndKind()
    {
        var data = new TheoryData<string, RegistrationEmailKind>();
        foreach (var language in Language.All)
        {
            // An organiser's message has its own composer (EventMessageEmailsTests).
            foreach (var kind in Enum.GetValues<RegistrationEmailKind>().Where(k => k != RegistrationEmailKind.Message))
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
