using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class DoorRulesTests
{
    private static readonly ManageToken Tokens = new(new byte[32]);
    private static readonly ManageToken OtherKey = new(Enumerable.Repeat((byte)7, 32).ToArray());
    private const string Id = "forum-linz.abcdefghijklmnopqrst";

    private static Registration Person(string first, string last, string organisation, string email = "a@example.org") => new()
    {
        Id = "forum-linz." + Guid.NewGuid().ToString("N")[..20].Replace('0', 'a').Replace('1', 'b').Replace('8', 'c').Replace('9', 'd'),
        EventId = "forum-linz",
        Person = new PersonDetails { FirstName = first, LastName = last, Email = email, Organisation = organisation, Country = "CZ", Role = ParticipantRole.Other },
        EmailKey = email,
        Status = RegistrationStatus.Confirmed,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        ConsentedAt = DateTimeOffset.UnixEpoch,
        ConsentTextVersion = "v",
        TokenHash = "",
    };

    [Fact]
    public void A_check_in_code_finds_its_registration_and_nothing_made_up()
    {
        var codes = new CheckInCode(Tokens);
        var code = codes.For(Id);

        Assert.StartsWith("CC1." + Id + ".", code);
        Assert.Equal(Id, codes.RegistrationIdOf(code));
        Assert.Equal(Id, codes.RegistrationIdOf("  " + code.ToUpperInvariant() + "\n"));
        Assert.Null(new CheckInCode(OtherKey).RegistrationIdOf(code));
        Assert.Null(codes.RegistrationIdOf(code[..^1]));
        Assert.Null(codes.RegistrationIdOf(code.Replace("abcdefghij", "bbcdefghij")));
        Assert.Null(codes.RegistrationIdOf(Tokens.For(Id)));
        Assert.Null(codes.RegistrationIdOf("CC1.."));
        Assert.Null(codes.RegistrationIdOf(null));
        Assert.DoesNotContain(Tokens.For(Id), code);
    }

    [Fact]
    public void Search_folds_case_and_diacritics_and_needs_every_word()
    {
        var people = new[] { Person("Jana", "Nováková", "Moravian ICT Cluster"), Person("Jan", "Müller", "Cluster Łódź", "jan@lodz.example") };

        Assert.Equal(["Jana"], new RegistrationQuery { Text = "novakova" }.Apply(people).Select(r => r.Person.FirstName));
        Assert.Equal(["Jan"], new RegistrationQuery { Text = "LODZ" }.Apply(people).Select(r => r.Person.FirstName));
        Assert.Equal(["Jan"], new RegistrationQuery { Text = "jan@lodz" }.Apply(people).Select(r => r.Person.FirstName));
        Assert.Empty(new RegistrationQuery { Text = "jana muller" }.Apply(people));
        Assert.Equal(["Jan", "Jana"], new RegistrationQuery { Sort = RegistrationSort.Name }.Apply(people).Select(r => r.Person.FirstName));
    }

    [Fact]
    public void Check_in_per_day_is_idempotent_and_an_undo_of_the_last_day_clears_it()
    {
        var person = Person("Jana", "Nováková", "X");
        var day = new DateOnly(2026, 12, 8);
        var at = new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.Zero);

        var once = person.CheckIn(day, at);
        Assert.Same(once, once.CheckIn(day, at.AddHours(1)));
        var twice = once.CheckIn(new DateOnly(2026, 12, 7), at.AddHours(2));
        Assert.Equal([new DateOnly(2026, 12, 7), day], twice.CheckedInDays);
        Assert.Equal(at, twice.CheckedInAt);
        var undone = twice.UndoCheckIn(day).UndoCheckIn(new DateOnly(2026, 12, 7));
        Assert.Empty(undone.CheckedInDays);
        Assert.Null(undone.CheckedInAt);
    }
}
