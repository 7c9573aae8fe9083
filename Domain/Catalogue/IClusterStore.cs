using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

/// <summary>Where cluster profiles are kept, with a catalogue version that changes whenever the public catalogue does.</summary>
public interface IClusterStore
{
    Task<ClusterProfile?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the profile (null when there is none), asks <paramref name="change"/> what to save, and saves it
    /// only if the row is still as read; otherwise reads again and asks again (so <paramref name="change"/>
    /// must decide from its argument alone). Gives up with a storage contention failure after a few tries.
    /// </summary>
    Task<T> UpdateAsync<T>(string id, Func<ClusterProfile?, ProfileChange<T>> change, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a profile; moves the catalogue version on when the public catalogue changes.</summary>
    Task SaveAsync(ClusterProfile profile, bool catalogueChanged, CancellationToken cancellationToken);

    /// <summary>Profiles of a status; for <see cref="ProfileStatus.Pending"/> also approved ones with a pending edit.</summary>
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

/// <summary>What an update decided: its result, and the profile to save (none: nothing changes).</summary>
public sealed record ProfileChange<T>(T Result, ClusterProfile? Save = null, bool CatalogueChanged = false);
