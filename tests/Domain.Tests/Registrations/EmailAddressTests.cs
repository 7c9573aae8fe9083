using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("  Jana.Novakova@Example.CZ ", "jana.novakova@example.cz")]
    [InlineData("jana＠example.cz", "jana@example.cz")]
    [InlineData("ZDENĚK@example.cz", "zdeněk@example.cz")]
    [InlineData("xς@example.gr", "xσ@example.gr")]
    [InlineData("XΣ@example.gr", "xσ@example.gr")]
    [InlineData("ſara@example.cz", "sara@example.cz")]
    [InlineData("jana@PŘÍKLAD.cz", "jana@xn--pklad-zsa96e.cz")]
    [InlineData("jana@XN--PKLAD-ZSA96E.CZ", "jana@xn--pklad-zsa96e.cz")]
    public void Normalises_case_spacing_unicode_forms_and_domains(string typed, string key)
        => Assert.Equal(key, EmailAddress.Normalize(typed));

    [Fact]
    public void Composed_and_decomposed_letters_are_the_same_address()
        => Assert.Equal(EmailAddress.Normalize("zdene\u030Ck@example.cz"), EmailAddress.Normalize("zden\u011Bk@example.cz"));

    [Fact]
    public void Sharp_s_is_not_folded_to_ss_because_those_are_different_domains_and_mailboxes()
        => Assert.NotEqual(EmailAddress.Normalize("jana@straße.de"), EmailAddress.Normalize("jana@strasse.de"));

    [Fact]
    public void The_comparer_is_the_key()
    {
        var set = new HashSet<string>(EmailAddress.Comparer) { "xσ@example.gr", "jana@příklad.cz" };

        Assert.Contains("XΣ@EXAMPLE.GR", set);
        Assert.Contains("xς@example.gr", set);
        Assert.Contains("Jana@xn--pklad-zsa96e.cz", set);
        Assert.DoesNotContain("xs@example.gr", set);
    }

    [Theory]
    [InlineData("jana@example.cz", true)]
    [InlineData("jana.novakova+forum@mail.example.cz", true)]
    [InlineData("jana@příklad.cz", true)]
    [InlineData("jana", false)]
    [InlineData("@example.cz", false)]
    [InlineData("jana@example", false)]
    [InlineData("jana@@example.cz", false)]
    [InlineData("ja na@example.cz", false)]
    [InlineData("jana@example..cz", false)]
    [InlineData("jana@example.cz\n", false)]
    [InlineData("jana@exa_mple.cz", false)]
    public void Accepts_plausible_addresses_only(string email, bool valid) => Assert.Equal(valid, EmailAddress.IsValid(email));

    [Fact]
    public void Refuses_a_lone_surrogate() => Assert.False(EmailAddress.IsValid("jana" + (char)0xD800 + "@example.cz"));

    public static TheoryData<string> InvisibleCharacters()
    {
        var data = new TheoryData<string>();
        foreach (var c in new[] { 0x200B, 0x200C, 0x200D, 0x00AD, 0xFEFF, 0x200E, 0x200F, 0x2028, 0x2029, 0x0085, 0x180E, 0x034F, 0xFE0F, 0x3164 }
                     .Concat(Enumerable.Range(0x202A, 5)).Concat(Enumerable.Range(0x2060, 5)).Concat(Enumerable.Range(0x2066, 4)))
        {
            data.Add(char.ConvertFromUtf32(c));
        }
        data.Add(char.ConvertFromUtf32(0xE0041)); // a tag letter
        return data;
    }

    [Theory]
    [MemberData(nameof(InvisibleCharacters))]
    public void Refuses_addresses_holding_an_invisible_or_direction_character(string invisible)
    {
        foreach (var email in new[] { $"ja{invisible}na@example.cz", $"jana@exam{invisible}ple.cz", $"jana{invisible}@example.cz" })
        {
            var errors = new ValidationErrors();
            EmailAddress.Check(errors, "email", email);
            Assert.True(errors.Has("email"), $"U+{char.ConvertToUtf32(invisible, 0):X4} passed");
        }
    }
}
