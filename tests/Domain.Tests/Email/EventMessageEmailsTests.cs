using System.Text;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using Microsoft.Extensions.Time.Testing;

namespace ClustersCord.Domain.Tests.Email;

public sealed class EventMessageEmailsTests
{
    private static readonly Event Linz = new()
    {
        Id = "forum-linz",
        Type = EventType.ExchangeForum,
        Title = new Dictionary<string, string> { ["en"] = "Exchange forum Linz" },
        City = "Linz",
        Country = "AT",
        StartsAt = new DateTimeOffset(2027, 2, 21, 8, 0, 0, TimeSpan.Zero),
        EndsAt = new DateTimeOffset(2027, 2, 22, 16, 0, 0, TimeSpan.Zero),
        TimeZone = "Europe/Vienna",
        Capacity = 60,
        RegistrationOpensAt = DateTimeOffset.MinValue,
        RegistrationClosesAt = DateTimeOffset.MaxValue,
    };

    private static Registration Registrant(string language) => new()
    {
        Id = "forum-linz.abcdefghijklmnopqrst",
        EventId = "forum-linz",
        Person = new PersonDetails
        {
            FirstName = "Jana", LastName = "Nováková", Email = "jana@example.cz", Organisation = "Cluster", Country = "CZ",
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
        new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    private static EventMessage Message(string body) => new()
    {
        Id = "m1",
        EventId = "forum-linz",
        SentAt = DateTimeOffset.UnixEpoch,
        SentBy = "organiser key",
        To = MessageAudience.All,
        Subject = new Dictionary<string, string> { ["en"] = "News {{firstName}}", ["de"] = "Neuigkeiten" },
        Body = new Dictionary<string, string> { ["en"] = body, ["de"] = "Hallo." },
    };

    [Fact]
    public void Typed_text_is_data_in_paragraphs_and_spells_no_placeholder()
    {
        var message = Emails.ComposeMessage(Message("First <script>x</script> {{manageUrl}}\nsame paragraph\n\nSecond & last"), Linz, "en", [Registrant("en")]);
        var (subject, text, html) = FilledEmail.For(message, message.Recipients[0]);

        Assert.Equal("News {{firstName}}", subject);
        Assert.Contains("<p>First &lt;script&gt;x&lt;/script&gt; {{manageUrl}} same paragraph</p>", html);
        Assert.Contains("<p>Second &amp; last</p>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("Second & last", text);
        Assert.Contains("Dear Jana,", text);
        Assert.Contains("Linz (AT)", text);
    }

    [Theory]
    [InlineData("de", "de")]
    [InlineData("pl", "en")]
    [InlineData("en", "en")]
    public void Each_person_reads_their_language_or_english(string personLanguage, string expected)
        => Assert.Equal(expected, Message("Hello.").LanguageFor(personLanguage));

    [Fact]
    public void Without_english_or_with_languages_apart_the_message_is_invalid()
    {
        var (_, _, _, noEnglish) = EventMessageValidator.Validate(new EventMessageInput { To = "all", Subject = new() { ["de"] = "x" }, Body = new() { ["de"] = "y" } });
        var (_, _, _, apart) = EventMessageValidator.Validate(new EventMessageInput { To = "checkedIn", Subject = new() { ["en"] = "x", ["de"] = "x" }, Body = new() { ["en"] = "y" } });
        var (to, _, _, fine) = EventMessageValidator.Validate(new EventMessageInput { To = "checkedIn", Subject = new() { ["en"] = "x" }, Body = new() { ["en"] = "y\n\nz" } });

        Assert.True(noEnglish.Has("subject.en") && noEnglish.Has("body.en"));
        Assert.True(apart.Has("body.de"));
        Assert.True(fine.IsEmpty);
        Assert.Equal(MessageAudience.CheckedIn, to);
    }
}
