using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Bounded staleness for the catalogue version: the version read from storage is trusted for
/// <c>Catalogue:FreshnessBound</c> (measured on the app's <see cref="TimeProvider"/>), so catalogue reads in
/// between answer from the instance's snapshot without a storage round trip.
/// <list type="bullet">
/// <item>A save through this instance that moves the catalogue on is known here at once (the version it
/// wrote), so the next read on this instance rebuilds the snapshot: read-your-writes per instance.</item>
/// <item>A change made on another instance is seen by the first read that starts once the bound has
/// passed since the last version read here.</item>
/// <item>One version read at a time (single flight): while it is under way, other reads answer from the
/// version already known if that was read less than twice the bound ago, and otherwise wait for the same
/// read. So no answer rests on a version read more than twice the bound old, and an instance that was
/// idle (or whose storage has gone away) asks storage before it answers.</item>
/// </list>
/// Everything else passes straight through to the table.
/// </summary>
public sealed class CachedClusterStore(TableClusterStore inner, TimeProvider time, TimeSpan freshnessBound) : IClusterStore
{
    private readonly Lock _gate = new();
    private Known? _known;
    private Task<long>? _reading;

    /// <summary>The bound this instance keeps (for the docs' and tests' sake).</summary>
    public TimeSpan FreshnessBound { get; } = freshnessBound > TimeSpan.Zero
        ? freshnessBound
        : throw new ArgumentOutOfRangeException(nameof(freshnessBound), "The catalogue's freshness bound must be positive.");

    /// <summary>How many times this instance has read the version from storage.</summary>
    public int VersionReads => _versionReads;

    private int _versionReads;

    public async Task<long> VersionAsync(CancellationToken cancellationToken)
    {
        Task<long> reading;
        lock (_gate)
        {
            if (_known is { } known)
            {
                var age = time.GetElapsedTime(known.ReadAt);
                if (age < FreshnessBound || (_reading is not null && age < 2 * FreshnessBound))
                {
                    return known.Version;
                }
            }
            // Not started inline: the read must not run under the lock.
            reading = _reading ??= Task.Run(ReadAsync, CancellationToken.None);
        }
        return await reading.WaitAsync(cancellationToken);
    }

    public async Task SaveAsync(ClusterProfile profile, bool catalogueChanged, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (await inner.SaveReportingVersionAsync(profile, catalogueChanged, cancellationToken) is { } version)
        {
            lock (_gate)
            {
                Remember(version, started);
            }
        }
    }

    public async Task<T> UpdateAsync<T>(string id, Func<ClusterProfile?, ProfileChange<T>> change, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (result, version) = await inner.UpdateReportingVersionAsync(id, change, cancellationToken);
        if (version is { } moved)
        {
            lock (_gate)
            {
                Remember(moved, started);
            }
        }
        return result;
    }

    public Task<ClusterProfile?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<Page<ClusterProfile>> ListAsync(ProfileStatus status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        => inner.ListAsync(status, pageSize, continuationToken, cancellationToken);

    public Task<IReadOnlyList<ClusterProfile>> ApprovedAsync(CancellationToken cancellationToken) => inner.ApprovedAsync(cancellationToken);

    public Task<IReadOnlyList<ClusterProfile>> AllAsync(CancellationToken cancellationToken) => inner.AllAsync(cancellationToken);

    /// <summary>
    /// The one version read under way. Not tied to the token of the request that happened to start it:
    /// others wait for it too, each with its own token.
    /// </summary>
    private async Task<long> ReadAsync()
    {
        var started = time.GetTimestamp();
        try
        {
            Interlocked.Increment(ref _versionReads);
            var version = await inner.VersionAsync(CancellationToken.None);
            lock (_gate)
            {
                Remember(version, started);
                _reading = null;
                return _known!.Version;
            }
        }
        catch
        {
            lock (_gate)
            {
                _reading = null;
            }
            throw;
        }
    }

    /// <summary>
    /// The version was current when <paramref name="readAt"/> was taken (a read or a save began then).
    /// Versions only move on, so what is known never goes back: a slow read that began before a save
    /// here cannot hide that save.
    /// </summary>
    private void Remember(long version, long readAt)
        => _known = _known is { } known
            ? new Known(Math.Max(known.Version, version), Math.Max(known.ReadAt, readAt))
            : new Known(version, readAt);

    private sealed record Known(long Version, long ReadAt);
}
