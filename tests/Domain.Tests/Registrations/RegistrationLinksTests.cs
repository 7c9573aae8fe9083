using System.Text;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class RegistrationLinksTests
{
    private const string Id = "forum-linz.aaaaaaaaaaaaaaaaaaaa";
    private static readonly ManageToken Tokens = new(Encoding.UTF8.GetBytes("a-secret-of-at-least-thirty-two-bytes"));

    [Fact]
    public void The_manage_link_carries_id_and_token_in_the_fragment_only()
    {
        var links = new RegistrationLinks(new Uri("https://api.example"), Tokens, new Uri("https://www.example/manage.html?lang=de#old"));

        var manage = new Uri(links.Manage(Id));

        Assert.Equal("https://www.example/manage.html?lang=de", manage.GetLeftPart(UriPartial.Query));
        Assert.Equal($"#id={Id}&token={Tokens.For(Id)}", manage.Fragment);
        Assert.DoesNotContain(Tokens.For(Id), links.Calendar(Id));
    }

    [Fact]
    public void Without_a_manage_page_the_link_opens_the_copy_beside_the_api()
        => Assert.StartsWith("https://api.example/manage.html#id=", new RegistrationLinks(new Uri("https://api.example/"), Tokens).Manage(Id));

    [Fact]
    public void The_unsubscribe_token_is_its_own_and_matches_only_its_registration()
    {
        var links = new RegistrationLinks(new Uri("https://api.example"), Tokens);
        var unsubscribe = Tokens.ForUnsubscribe(Id);

        Assert.NotEqual(Tokens.For(Id), unsubscribe);
        Assert.Equal($"https://api.example/api/registrations/{Id}/reminders/stop?token={unsubscribe}", links.StopReminders(Id));
        Assert.True(links.IsUnsubscribeToken(Id, unsubscribe));
        Assert.False(links.IsUnsubscribeToken(Id, Tokens.For(Id)));
        Assert.False(links.IsUnsubscribeToken("forum-linz.bbbbbbbbbbbbbbbbbbbb", unsubscribe));
        Assert.False(links.IsUnsubscribeToken(Id, null));
        Assert.False(ManageToken.Matches(unsubscribe, ManageToken.Hash(Tokens.For(Id))));
    }
}
