using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Cooperation;

/// <summary>
/// Whether a cluster belongs to a sector's working group: the one place the cooperation code asks. Today
/// membership is the approved profile's <see cref="ClusterProfile.WorkingGroups"/>; when memberships get an
/// approval of their own, this is the method to point at them.
/// </summary>
public sealed class WorkingGroupMembership(IClusterStore clusters)
{
    public async Task<bool> IsMemberAsync(string clusterId, Sector sector, CancellationToken cancellationToken)
        => await clusters.GetAsync(clusterId, cancellationToken) is { Status: ProfileStatus.Approved } profile
           && profile.WorkingGroups.Contains(sector);
}
