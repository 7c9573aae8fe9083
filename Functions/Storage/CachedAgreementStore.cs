using ClustersCord.Domain.Cooperation;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The signatories for the catalogue's hot path (<see cref="IAgreementStore.RecentSignatoriesAsync"/>) with the
/// catalogue's bounded staleness (<c>Catalogue:FreshnessBound</c>): read from the table at most once per bound
/// (one read at a time; the others wait for it), dropped at once when this instance adds or replaces one, so a
/// signature recorded here shows in the next answer and one recorded on another instance within the bound.
/// Everything else passes straight through, <see cref="SignatoriesAsync"/> included (erasure must see all).
/// </summary>
public sealed class CachedAgreementStore(IAgreementStore inner, TimeProvider time, TimeSpan freshnessBound) : IAgreementStore
{
    private readonly Lock _gate = new();
    private (IReadOnlyList<Signatory> Signatories, long ReadAt)? _known;
    private Task<IReadOnlyList<Signatory>>? _reading;
    private int _generation;
    private int _signatoryReads;

    /// <summary>How many times this instance has read the signatories for the catalogue (for the tests' sake).</summary>
    public int SignatoryReads => _signatoryReads;

    public async Task<IReadOnlyList<Signatory>> RecentSignatoriesAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<Signatory>> reading;
        lock (_gate)
        {
            if (_known is { } known && time.GetElapsedTime(known.ReadAt) < freshnessBound)
            {
                return known.Signatories;
            }
            reading = _reading ??= Task.Run(ReadAsync, CancellationToken.None);
        }
        return await reading.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<Signatory>> ReadAsync()
    {
        int generation;
        lock (_gate)
        {
            generation = _generation;
        }
        var started = time.GetTimestamp();
        Interlocked.Increment(ref _signatoryReads);
        try
        {
            var signatories = await inner.SignatoriesAsync(CancellationToken.None);
            lock (_gate)
            {
                // A write through this instance while the read was under way may be missing from it: not kept.
                if (generation == _generation)
                {
                    _known = (signatories, started);
                }
            }
            return signatories;
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }

    private void Forget()
    {
        lock (_gate)
        {
            _known = null;
            _generation++;
        }
    }

    public async Task<bool> TryAddSignatoryAsync(Signatory signatory, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.TryAddSignatoryAsync(signatory, cancellationToken);
        }
        finally
        {
            Forget();
        }
    }

    public async Task ReplaceSignatoryAsync(Signatory signatory, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ReplaceSignatoryAsync(signatory, cancellationToken);
        }
        finally
        {
            Forget();
        }
    }

    public Task<IReadOnlyList<Signatory>> SignatoriesAsync(CancellationToken cancellationToken) => inner.SignatoriesAsync(cancellationToken);

    public Task<bool> TryAddVersionAsync(AgreementVersion version, CancellationToken cancellationToken) => inner.TryAddVersionAsync(version, cancellationToken);

    public Task<IReadOnlyList<AgreementVersion>> VersionsAsync(CancellationToken cancellationToken) => inner.VersionsAsync(cancellationToken);
}
