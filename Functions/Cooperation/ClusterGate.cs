using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Catalogue;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Cooperation;

/// <summary>
/// Who may act for a cluster in cooperation (introductions, records): its contact, through the profile
/// routes' gate (<see cref="ClusterContactGate"/>: token in <c>X-Manage-Token</c>, never in the query), and
/// only while the profile is approved. A profile not (or no longer) approved answers the same 404 as a wrong
/// token, so nothing tells which.
/// </summary>
public sealed class ClusterGate(ClusterContactGate contact)
{
    public async Task<(ClusterProfile? Profile, IActionResult? Refusal)> AdmitAsync(HttpRequest request, string clusterId, CancellationToken cancellationToken)
    {
        var (profile, refused) = await contact.OpenAsync(request, clusterId, cancellationToken);
        if (refused is not null)
        {
            return (null, refused);
        }
        return profile is { Status: ProfileStatus.Approved }
            ? (profile, null)
            : (null, ApiResults.NotFound(ClusterContactGate.NotFoundDetail));
    }
}
