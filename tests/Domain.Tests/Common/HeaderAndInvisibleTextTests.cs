using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Common;

/// <summary>Values that reach email headers are one line; typed text shows something and reads as it looks.</summary>
public sealed class HeaderAndInvisibleTextTests
{
    public static TheoryData<string> LineBreaks() => ["\r", "\n", "\r\nBcc: victim@example.org", "\u2028", "\u2029", "\u0085", "\t"];

    public static TheoryData<string> OnlyInvisible() => ["\u200B", "\u200B\u200D\uFEFF", "\u00AD", "\u2060\u2061", " \u200E ", "\u3164"];

    public static TheoryData<string> DirectionOverrides() => ["\u202E", "\u202A", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069"];

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void Event_titles_in_every_language_are_one_line(string lineBreak)
    {
        foreach (var language in Language.All)
        {
            var input = ValidInputs.Event() with { Title = new() { ["en"] = "Forum", [language] = "Forum" + lineBreak + "Linz" } };

            var (_, errors) = EventValidator.Validate("forum-linz", input);

            Assert.True(errors.Has("title." + language), language);
        }
    }

    [Fact]
    public void Event_descriptions_may_have_paragraphs()
    {
        var (_, errors) = EventValidator.Validate("forum-linz", ValidInputs.Event() with { Description = new() { ["en"] = "One.\r\n\r\nTwo.\u2029Three." } });

        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void Names_are_one_line(string lineBreak)
    {
        var errors = new ValidationErrors();
        RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = "Jana" + lineBreak + "X", LastName = "N" + lineBreak + "X", Organisation = "O" + lineBreak + "X" }, errors);
        Assert.True(errors.Has("firstName") && errors.Has("lastName") && errors.Has("organisation"));

        var clusterErrors = new ValidationErrors();
        ClusterValidator.Validate(ValidInputs.Cluster() with { Contact = new ContactInput("Jana" + lineBreak + "X", "jana@example.cz"), Name = "C" + lineBreak + "X" },
            "c", ProfileStatus.Pending, DateTimeOffset.UnixEpoch, clusterErrors);
        Assert.True(clusterErrors.Has("contact.name") && clusterErrors.Has("name"));
    }

    [Theory]
    [MemberData(nameof(OnlyInvisible))]
    public void Names_made_only_of_invisible_characters_are_refused(string invisible)
    {
        var errors = new ValidationErrors();
        RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = invisible, LastName = invisible, Organisation = invisible }, errors);
        Assert.True(errors.Has("firstName") && errors.Has("lastName") && errors.Has("organisation"));

        var clusterErrors = new ValidationErrors();
        ClusterValidator.Validate(ValidInputs.Cluster() with { Contact = new ContactInput(invisible, "jana@example.cz") }, "c", ProfileStatus.Pending, DateTimeOffset.UnixEpoch, clusterErrors);
        Assert.True(clusterErrors.Has("contact.name"));

        var (_, eventErrors) = EventValidator.Validate("forum-linz", ValidInputs.Event() with { Title = new() { ["en"] = invisible } });
        Assert.True(eventErrors.Has("title.en"));
    }

    [Theory]
    [MemberData(nameof(DirectionOverrides))]
    public void Direction_overrides_and_isolates_are_refused_in_typed_text(string control)
    {
        var errors = new ValidationErrors();
        RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = "Jana" + control + "fdp.exe" }, errors);
        Assert.True(errors.Has("firstName"));

        var (_, eventErrors) = EventValidator.Validate("forum-linz", ValidInputs.Event() with { Title = new() { ["en"] = "Forum " + control + "mulf" } });
        Assert.True(eventErrors.Has("title.en"));
    }

    [Theory]
    [InlineData("\u0645\u0647\u200C\u0631\u062F\u0627\u062F")] // a Persian name with a zero-width non-joiner
    [InlineData("Anna\u00ADMaria")]                            // a soft hyphen
    [InlineData("\u05D3\u05E0\u05D4 \u200FCohen")]             // a right-to-left mark in mixed text
    public void Invisible_characters_inside_a_visible_name_are_kept(string name)
    {
        var errors = new ValidationErrors();
        var person = RegistrationFormValidator.Validate(ValidInputs.Form() with { FirstName = name }, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(name, person!.FirstName);
    }

    [Fact]
    public void Header_values_are_flattened_to_one_line_whatever_got_through()
        => Assert.Equal("Forum  Bcc: x  y z", TextRules.SingleLine("Forum\r\nBcc: x\u2028\ty\u0085z"));
}
