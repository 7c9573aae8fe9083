using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Catalogue;

/// <summary>
/// A cluster contact's manage link: the website's profile page with <c>#id=…&amp;token=…</c> in the fragment
/// (never sent to a server); the page hands the token to the API in the <c>X-Manage-Token</c> header. The
/// token is derived from the cluster id (<see cref="ManageToken.ForCluster"/>), never stored.
/// </summary>
/// <param name="profilePage">The website's profile page (<c>profile.html</c> beside the registrants' manage page).</param>
public sealed class ClusterLinks(ManageToken tokens, Uri profilePage)
{
    private readonly string _page = profilePage.GetLeftPart(UriPartial.Query);

    public string Manage(string clusterId) => $"{_page}#id={Uri.EscapeDataString(clusterId)}&token={tokens.ForCluster(clusterId)}";

    /// <summary>The contact's introductions page beside the profile page (<c>introductions.html</c>), same fragment.</summary>
    public string Introductions(string clusterId)
        => $"{new Uri(new Uri(_page), "introductions.html")}#id={Uri.EscapeDataString(clusterId)}&token={tokens.ForCluster(clusterId)}";

    /// <summary>Whether <paramref name="presented"/> opens this cluster's profile (constant time).</summary>
    public bool Opens(string clusterId, string? presented) => tokens.MatchesCluster(clusterId, presented);
}
