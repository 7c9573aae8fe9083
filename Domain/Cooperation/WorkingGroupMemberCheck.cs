using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Cooperation;

/// <summary>
/// Whether a cluster belongs to a sector's working group: the one place the cooperation code asks. An
/// approved profile's <see cref="ClusterProfile.WorkingGroups"/> holds only the memberships organisers admitted.
/// </summary>
public sealed class WorkingGroupMemberCheck(IClusterStore clusters)
{
    public async Task<bool> IsMemberAsync(string clusterId, Sector sector, CancellationToken cancellationToken)
        => await clusters.GetAsync(clusterId, cancellationToken) is { Status: ProfileStatus.Approved } profile
           && profile.WorkingGroups.Contains(sector);
}
