using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Tests.Common;

public sealed class LanguageTests
{
    [Theory]
    [InlineData("de", null, "de")]
    [InlineData(null, "fr-FR,cs;q=0.9,en;q=0.5", "cs")]
    [InlineData(null, "en;q=0.2, sk;q=0.8", "sk")]
    [InlineData(null, "fr, es", "en")]
    [InlineData(null, "it;q=0", "en")]
    [InlineData("xx", "hu", "hu")]
    [InlineData(null, null, "en")]
    public void Picks_the_explicit_choice_else_the_best_accepted_supported_language(string? explicitChoice, string? header, string expected)
        => Assert.Equal(expected, Language.Choose(explicitChoice, header));
}
