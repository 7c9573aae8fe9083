using System.Text.Json;

namespace ClustersCord.DevHost.SendGridSink;

public sealed record OutboxEntry(DateTimeOffset ReceivedAt, JsonElement Request);

/// <summary>Every mail-send request the local sink accepted, oldest first, held in memory.</summary>
public sealed class Outbox(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<OutboxEntry> _entries = [];

    public void Add(JsonElement request)
    {
        lock (_gate)
        {
            _entries.Add(new OutboxEntry(time.GetUtcNow(), request.Clone()));
        }
    }

    public IReadOnlyList<OutboxEntry> Snapshot()
    {
        lock (_gate)
        {
            return _entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
