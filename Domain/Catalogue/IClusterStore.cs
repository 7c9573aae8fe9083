using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

/// <summary>Where cluster profiles are kept, with a catalogue version that changes whenever the public catalogue does.</summary>
public interface IClusterStore
{
    Task<ClusterProfile?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a profile; moves the catalogue version on when the public catalogue changes.</summary>
    Task SaveAsync(ClusterProfile profile, bool catalogueChanged, CancellationToken cancellationToken);

    Task<Page<ClusterProfile>> ListAsync(ProfileStatus status, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// The catalogue version: a change saved through this store is reflected at once; one saved elsewhere
    /// within the store's freshness bound (storage is asked at most once per bound).
    /// </summary>
    Task<long> VersionAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ClusterProfile>> ApprovedAsync(CancellationToken cancellationToken);

    /// <summary>Every profile, whatever its status (erasure of a contact).</summary>
    Task<IReadOnlyList<ClusterProfile>> AllAsync(CancellationToken cancellationToken);
}
