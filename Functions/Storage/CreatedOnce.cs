using System.Collections.Concurrent;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Storage resources (tables, containers) by name, each created once on first use: Azurite starts empty;
/// in Azure the template creates them and creation is a cheap 409. A failed creation is retried by the
/// next caller.
/// </summary>
public sealed class CreatedOnce<T>(Func<string, Task<T>> create)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _items = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _items.GetOrAdd(name, n => new Lazy<Task<T>>(() => create(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _items.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(name, lazy));
            throw;
        }
    }
}
