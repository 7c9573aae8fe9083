using System.Text;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class ManageTokenTests
{
    private readonly ManageToken _tokens = new(Encoding.UTF8.GetBytes("a-secret-of-at-least-thirty-two-bytes"));

    [Fact]
    public void A_token_is_at_least_128_bits_and_only_its_hash_matches_it()
    {
        var token = _tokens.For("forum-linz.abcdefghijklmnopqrst");
        var hash = ManageToken.Hash(token);

        Assert.True(token.Length * 6 >= 128);
        Assert.DoesNotContain(token, hash);
        Assert.True(ManageToken.Matches(token, hash));
        Assert.False(ManageToken.Matches(token + "x", hash));
        Assert.False(ManageToken.Matches(null, hash));
        Assert.False(ManageToken.Matches(_tokens.For("forum-linz.bbbbbbbbbbbbbbbbbbbb"), hash));
    }

    [Fact]
    public void Tokens_depend_on_the_secret()
        => Assert.NotEqual(_tokens.For("x.aaaaaaaaaaaaaaaaaaaa"), new ManageToken(new byte[32]).For("x.aaaaaaaaaaaaaaaaaaaa"));

    [Fact]
    public void Registration_ids_carry_their_event_and_nothing_else_parses()
    {
        var id = RegistrationIds.New("forum-linz-2012");

        Assert.Equal("forum-linz-2012", RegistrationIds.EventIdOf(id));
        Assert.NotEqual(id, RegistrationIds.New("forum-linz-2012"));
        Assert.Null(RegistrationIds.EventIdOf("forum-linz-2012"));
        Assert.Null(RegistrationIds.EventIdOf("../etc.aaaaaaaaaaaaaaaaaaaa"));
        Assert.Null(RegistrationIds.EventIdOf(null));
    }
}
