using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Cooperation;

/// <summary>
/// Who may act for a cluster: its contact, by the profile's manage token in the <c>X-Manage-Token</c> header
/// (a token in the query string is refused with 400 before anything is read). A wrong or missing token, an
/// unknown cluster and a profile that is not approved all get the same 404, so nothing tells which.
/// (The cooperation routes' own check until the profile routes' shared gate replaces it.)
/// </summary>
public sealed class ClusterGate(IClusterStore clusters, RegistrationLinks links)
{
    public async Task<(ClusterProfile? Profile, IActionResult? Refusal)> AdmitAsync(HttpRequest request, string clusterId, CancellationToken cancellationToken)
    {
        if (ManageTokenTransport.OfferedInQuery(request))
        {
            return (null, ManageTokenTransport.RefusedInQuery());
        }
        // The profile is read first: with storage away the answer is 503, never a 404 that storage did not give.
        if (await clusters.GetAsync(clusterId, cancellationToken) is not { Status: ProfileStatus.Approved } profile
            || !links.Tokens.MatchesCluster(clusterId, ManageTokenTransport.FromHeader(request)))
        {
            return (null, ApiResults.NotFound("No such cluster, or the link is not valid."));
        }
        return (profile, null);
    }
}
