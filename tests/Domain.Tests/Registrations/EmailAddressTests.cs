using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("  Jana.Novakova@Example.CZ ", "jana.novakova@example.cz")]
    [InlineData("jana＠example.cz", "jana@example.cz")]
    [InlineData("ZDENĚK@example.cz", "zdeněk@example.cz")]
    public void Normalises_case_spacing_and_unicode_forms(string typed, string key)
        => Assert.Equal(key, EmailAddress.Normalize(typed));

    [Fact]
    public void Composed_and_decomposed_letters_are_the_same_address()
        => Assert.Equal(EmailAddress.Normalize("zdene\u030Ck@example.cz"), EmailAddress.Normalize("zden\u011Bk@example.cz"));

    [Theory]
    [InlineData("jana@example.cz", true)]
    [InlineData("jana.novakova+forum@mail.example.cz", true)]
    [InlineData("jana", false)]
    [InlineData("@example.cz", false)]
    [InlineData("jana@example", false)]
    [InlineData("jana@@example.cz", false)]
    [InlineData("ja na@example.cz", false)]
    [InlineData("jana@example..cz", false)]
    [InlineData("jana@example.cz\n", false)]
    public void Accepts_plausible_addresses_only(string email, bool valid) => Assert.Equal(valid, EmailAddress.IsValid(email));
}
