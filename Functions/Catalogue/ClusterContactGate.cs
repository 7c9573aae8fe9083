using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Catalogue;

/// <summary>
/// The one check that a request comes from a cluster's contact: the profile's manage token in the
/// <c>X-Manage-Token</c> header (<see cref="ManageTokenTransport"/>). A token offered in the query string
/// is refused (400) before anything is read; a missing or wrong token, an unknown cluster and a withdrawn
/// profile all answer the same 404, so the answer never tells which.
/// <code>
/// var (profile, refused) = await gate.OpenAsync(request, clusterId, cancellationToken);
/// if (refused is not null) return refused;
/// </code>
/// </summary>
public sealed class ClusterContactGate(CatalogueService catalogue, ClusterLinks links)
{
    public const string NotFoundDetail = "No such cluster profile, or the link is not (or no longer) valid.";

    /// <summary>The contact's profile, or the problem answer to give instead (exactly one is non-null).</summary>
    public async Task<(ClusterProfile? Profile, IActionResult? Refused)> OpenAsync(HttpRequest request, string clusterId, CancellationToken cancellationToken)
    {
        if (ManageTokenTransport.OfferedInQuery(request))
        {
            return (null, ManageTokenTransport.RefusedInQuery());
        }
        if (!links.Opens(clusterId, ManageTokenTransport.FromHeader(request)))
        {
            return (null, ApiResults.NotFound(NotFoundDetail));
        }
        return await catalogue.OwnProfileAsync(clusterId, cancellationToken) is { } profile
            ? (profile, null)
            : (null, ApiResults.NotFound(NotFoundDetail));
    }
}
