using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// Sits in the app's table pipeline (see <see cref="Install"/>) and acts on entity-group transactions
/// ($batch), the writes that change seats: it can hold them until released (a slow storage), change
/// an event's seats record just before each goes out (another instance that always wins), or lose the
/// answer of one that storage committed (a dropped connection), so that the client's retry finds it done.
/// </summary>
public sealed class StorageHook : HttpPipelinePolicy
{
    private TaskCompletionSource? _gate;
    private TableClient? _rival;
    private string? _rivalEvent;

    /// <summary>Completed when a held transaction reached the hook.</summary>
    public TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>From now on, transactions wait at the hook until <see cref="Release"/>.</summary>
    public void Hold()
    {
        Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>From now on, before each transaction, the event's seats record is changed behind the app's back.</summary>
    public void RivalChangesSeatsOf(string eventId, TableClient registrations) => (_rival, _rivalEvent) = (registrations, eventId);

    public void StopRival() => _rival = null;

    private int _answersToLose;

    /// <summary>The next transaction commits, but its answer is lost on the way back (an <see cref="IOException"/>, which the client retries).</summary>
    public void LoseNextAnswer() => Interlocked.Exchange(ref _answersToLose, 1);

    /// <summary>Replaces the app's table service client with one whose pipeline runs through <paramref name="hook"/>.</summary>
    public static void Install(WebApplicationBuilder builder, StorageHook hook, string connectionString)
        => builder.Services.AddSingleton(_ =>
        {
            var options = new TableClientOptions();
            StorageAnswerPolicy.AddTo(options);
            options.AddPolicy(hook, HttpPipelinePosition.PerCall);
            options.AddPolicy(new AnswerLoss(hook), HttpPipelinePosition.PerRetry);
            return new TableServiceClient(connectionString, options);
        });

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
        {
            if (_gate is { } gate)
            {
                Held.TrySetResult();
                await gate.Task;
            }
            if (_rival is { } rival)
            {
                await rival.UpdateEntityAsync(new TableEntity(_rivalEvent!, RegistrationKeys.Seats) { ["Touched"] = Guid.NewGuid().ToString("N") }, ETag.All, TableUpdateMode.Merge);
            }
        }
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    private static bool IsTransaction(HttpMessage message)
        => message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    /// <summary>Within the client's retries: each attempt passes here, so a lost answer is tried again.</summary>
    private sealed class AnswerLoss(StorageHook hook) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (IsTransaction(message) && Interlocked.Exchange(ref hook._answersToLose, 0) == 1)
            {
                throw new IOException("The answer was lost on the way back (test).");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
