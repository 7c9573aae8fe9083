using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Cooperation;

/// <summary>
/// The link to a cluster's own profile page, as the cluster contact's emails carry it: id and the profile's
/// manage token in the URL fragment (<c>{profile page}#id=…&amp;token=…</c>), never in a query.
/// </summary>
/// <param name="profilePage">The website's profile page (<c>profile.html</c>).</param>
public sealed class CooperationLinks(Uri profilePage, ManageToken tokens)
{
    private readonly string _page = profilePage.GetLeftPart(UriPartial.Query);

    public string ProfilePage(string clusterId)
        => $"{_page}#id={Uri.EscapeDataString(clusterId)}&token={tokens.ForCluster(clusterId)}";
}
