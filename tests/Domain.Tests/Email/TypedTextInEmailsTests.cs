using System.Text;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using Microsoft.Extensions.Time.Testing;

namespace ClustersCord.Domain.Tests.Email;

/// <summary>
/// Everything typed that reaches an email (titles, venue, city, names, cluster name) is data: never a
/// template, never a placeholder, never a slot, always encoded in the HTML part.
/// </summary>
public sealed class TypedTextInEmailsTests
{
    /// <summary>Liquid, placeholders of real slots, text slots and markup, tagged with the field they were typed in.</summary>
    internal static string Hostile(string field)
        => $"[{field} {{{{firstName}}}} {{{{manageUrl}}}} {{{{name}}}} {{{{ 7 | plus: 1 }}}} {{% if true %}}IF{{% endif %}} {{position}} {{event}} {{name}} {{cluster}} "
           + $"<a href=\"https://evil.example/{field}\">x</a><script>alert('{field}')</script>]";

    private static readonly Event Hostile_event = new()
    {
        Id = "forum-hostile",
        Type = EventType.ExchangeForum,
        Title = Language.All.ToDictionary(l => l, l => Hostile("title-" + l)),
        City = Hostile("city"),
        Country = "AT",
        Venue = Hostile("venue"),
        StartsAt = new DateTimeOffset(2012, 2, 21, 8, 0, 0, TimeSpan.Zero),
        EndsAt = new DateTimeOffset(2012, 2, 22, 16, 0, 0, TimeSpan.Zero),
        TimeZone = "Europe/Vienna",
        Capacity = 60,
        RegistrationOpensAt = DateTimeOffset.MinValue,
        RegistrationClosesAt = DateTimeOffset.MaxValue,
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
    public void Registration_emails_show_every_typed_field_as_typed_and_never_as_markup(string language, RegistrationEmailKind kind)
    {
        var registrant = Registrant(language);
        // A meeting email also shows what the other person typed: their name, organisation and message.
        var other = new Domain.Meetings.ParticipantSummary("pother", Hostile("other"), Hostile("organisation"), null);
        var meeting = RegistrationEmails.IsMeeting(kind);
        var message = meeting
            ? Emails.ComposeMeeting(kind, Hostile_event, registrant, new Domain.Meetings.MeetingEmailDetails(other, Hostile("message"),
                [new Domain.Meetings.AgendaItem("q1", Hostile_event.Local(Hostile_event.StartsAt!.Value), Hostile_event.Local(Hostile_event.StartsAt!.Value.AddMinutes(20)), 1, other)]))
            : Emails.Compose(kind, Hostile_event, language, [registrant], waitlistPosition: 3);
        var recipient = Assert.Single(message.Recipients);
        var (subject, text, html) = FilledEmail.For(message, recipient);

        Assert.Contains(Hostile("title-" + language), subject);
        var typed = new[] { "title-" + language, "venue", "city", "first" };
        foreach (var field in meeting ? [.. typed, "other", "organisation", "message"] : typed)
        {
            Assert.Contains(Hostile(field), text);
            AssertInert(html, field);
        }
        // The one real manage link, once in each part: no typed {{manageUrl}} was filled with it.
        var manageUrl = Assert.Single(recipient.Values!, v => v.Key.StartsWith("manageUrl_", StringComparison.Ordinal)).Value;
        var links = RegistrationEmails.HasManageLink(kind) ? 1 : 0;
        Assert.Equal(links, Count(text, manageUrl));
        Assert.Equal(links, Count(html, System.Net.WebUtility.HtmlEncode(manageUrl)));
        Assert.Equal(Hostile("first") + " " + registrant.Person.LastName, recipient.Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cluster_decision_emails_show_the_cluster_and_contact_names_as_typed_and_never_as_markup(bool approved)
    {
        var message = ClusterEmails.Decision(Profile(), approved);
        var (subject, text, html) = FilledEmail.For(message, Assert.Single(message.Recipients));

        Assert.DoesNotContain("[", subject);
        foreach (var field in new[] { "cluster", "contact" })
        {
            Assert.Contains(Hostile(field), text);
            AssertInert(html, field);
        }
    }

    [Fact]
    public void Placeholder_keys_differ_from_render_to_render_so_nobody_can_type_one()
    {
        var first = ClusterEmails.Decision(Profile(), approved: true).Recipients[0].Values!.Keys;
        var second = ClusterEmails.Decision(Profile(), approved: true).Recipients[0].Values!.Keys;

        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void Text_slots_are_filled_in_one_pass()
    {
        var filled = TextSlots.Fill("{event} at {position}, {unknown} {", new Dictionary<string, string>
        {
            ["event"] = "Forum {position} {event}",
            ["position"] = "3",
        });

        Assert.Equal("Forum {position} {event} at 3, {unknown} {", filled);
    }

    private static void AssertInert(string html, string field)
    {
        Assert.DoesNotContain($"<a href=\"https://evil.example/{field}\"", html);
        Assert.DoesNotContain($"<script>alert('{field}')", html);
        Assert.Contains($"&lt;a href=&quot;https://evil.example/{field}&quot;&gt;x&lt;/a&gt;&lt;script&gt;", html);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static Registration Registrant(string language) => new()
    {
        Id = "forum-hostile.abcdefghijklmnopqrst",
        EventId = "forum-hostile",
        Person = new PersonDetails
        {
            FirstName = Hostile("first"), LastName = "Nováková", Email = "jana@example.cz", Organisation = Hostile("organisation"),
            Country = "CZ", Role = ParticipantRole.ClusterManager, Language = language,
        },
        EmailKey = "jana@example.cz",
        Status = RegistrationStatus.Confirmed,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        ConsentedAt = DateTimeOffset.UnixEpoch,
        ConsentTextVersion = "test",
        TokenHash = "00",
    };

    private static ClusterProfile Profile() => new()
    {
        Id = "cluster-hostile",
        Name = Hostile("cluster"),
        Country = "CZ",
        Description = Hostile("description"),
        Sectors = [Sector.Ict],
        MemberCount = 20,
        MemberTypes = [MemberType.Companies],
        Contact = new ClusterContact(Hostile("contact"), "contact@example.cz"),
        Status = ProfileStatus.Pending,
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };
}
