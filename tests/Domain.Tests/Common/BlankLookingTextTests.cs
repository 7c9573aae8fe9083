using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Common;

/// <summary>Issue 13, point 10 re-tested: what draws as blank space is invisible, and a name needs a letter or digit.</summary>
public sealed class BlankLookingTextTests
{
    public static TheoryData<int> BlankLooking()
    {
        var data = new TheoryData<int>();
        foreach (var c in new[] { 0x2800, 0x3164, 0xFFA0, 0x115F, 0x1160, 0x180E, 0x17B4, 0x17B5, 0x1D159, 0x00A0, 0x1680, 0x202F, 0x205F, 0x3000 }
                     .Concat(Enumerable.Range(0x2000, 11)))
        {
            data.Add(c);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BlankLooking))]
    public void Addresses_holding_a_blank_looking_character_are_refused(int codePoint)
    {
        var blank = char.ConvertFromUtf32(codePoint);
        foreach (var email in new[] { $"ja{blank}na@example.cz", $"jana{blank}@example.cz", $"jana@exam{blank}ple.cz" })
        {
            var errors = new ValidationErrors();
            EmailAddress.Check(errors, "email", email);
            Assert.True(errors.Has("email"), $"U+{codePoint:X4} in {email} passed");
            Assert.False(EmailAddress.IsValid(email));
        }
    }

    public static TheoryData<string> NothingThatShows() =>
    [
        "\u2800", "\u2800\u2800\u2800", "\u2800 \u3164", "\u0301", "\u0301\u0302\u0303", " \u0301 ", "\u20DD", "\u0903",
        char.ConvertFromUtf32(0x1D159), "\uFFA0\u115F\u1160", "\u2003\u2800",
    ];

    [Theory]
    [MemberData(nameof(NothingThatShows))]
    public void Text_of_only_blanks_or_combining_marks_is_refused_everywhere(string text)
    {
        var errors = new ValidationErrors();
        RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = text, LastName = text, Organisation = text, DietaryRequirements = text }, errors);
        Assert.True(errors.Has("firstName") && errors.Has("lastName") && errors.Has("organisation") && errors.Has("dietaryRequirements"));

        var clusterErrors = new ValidationErrors();
        ClusterValidator.Validate(ValidInputs.Cluster() with { Contact = new ContactInput(text, "jana@example.cz"), Name = text }, "c", ProfileStatus.Pending,
            DateTimeOffset.UnixEpoch, clusterErrors);
        Assert.True(clusterErrors.Has("contact.name") && clusterErrors.Has("name"));

        var (_, eventErrors) = EventValidator.Validate("forum-linz", ValidInputs.Event() with { Title = new() { ["en"] = text } });
        Assert.True(eventErrors.Has("title.en"));
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("😀")]
    [InlineData("— .")]
    [InlineData("\u2800\u0301?")]
    public void A_name_needs_a_letter_or_digit(string name)
    {
        var errors = new ValidationErrors();
        RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = name, LastName = name, Organisation = name }, errors);
        Assert.True(errors.Has("firstName") && errors.Has("lastName") && errors.Has("organisation"));

        var clusterErrors = new ValidationErrors();
        ClusterValidator.Validate(ValidInputs.Cluster() with { Contact = new ContactInput(name, "jana@example.cz") }, "c", ProfileStatus.Pending, DateTimeOffset.UnixEpoch, clusterErrors);
        Assert.True(clusterErrors.Has("contact.name"));
    }

    [Theory]
    [InlineData("Zoe\u0308")]          // e with a combining diaeresis
    [InlineData("\u0905\u0902\u0915")] // Devanagari with a mark
    [InlineData("李")]
    [InlineData("3M")]
    [InlineData("O'Brien-Ō")]
    public void Names_with_letters_or_digits_and_their_marks_are_kept(string name)
    {
        var errors = new ValidationErrors();
        var person = RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = name, Organisation = name }, errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Keys));
        Assert.Equal(name, person!.FirstName);
    }

    [Fact]
    public void A_title_of_symbols_still_shows_and_is_kept()
    {
        var (_, errors) = EventValidator.Validate("forum-linz", ValidInputs.Event() with { Title = new() { ["en"] = "★ ☕ →" } });
        Assert.False(errors.Has("title.en"));
    }
}
