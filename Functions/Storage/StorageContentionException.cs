namespace ClustersCord.Functions.Storage;

/// <summary>
/// A change to an event could not be made in time: its writer's queue is full, its deadline passed, or
/// other writers kept changing the event. Nothing was committed, so the caller may try again shortly
/// (the routes answer 503 with Retry-After, see Http/StorageFailures).
/// </summary>
public sealed class StorageContentionException : Exception
{
    private StorageContentionException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    public static StorageContentionException QueueFull(string eventId)
        => new($"Event {eventId} has too many changes waiting; try again.");

    public static StorageContentionException DeadlinePassed(string eventId)
        => new($"Event {eventId} could not be changed within the deadline; try again.");

    public static StorageContentionException ClusterChanging(string clusterId, Exception inner)
        => new($"Cluster profile {clusterId} is changing too fast to commit; try again.", inner);

    public static StorageContentionException ConflictsExhausted(string eventId, Exception inner)
        => new($"Event {eventId} is changing too fast to commit; try again.", inner);
}
