using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Grpc.Core;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>
/// The host's end of the worker's event stream (<c>FunctionRpc.EventStream</c>): the worker connects and
/// sends <c>StartStream</c>; the host sends requests, each with a request id that the worker's answer
/// repeats; the worker's log lines (<c>RpcLog</c>) arrive on the same stream at any time.
/// </summary>
public sealed class WorkerChannel
{
    private readonly Channel<JsonObject> _outgoing = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<JsonObject> _logs = new();

    /// <summary>The worker id its <c>StartStream</c> named.</summary>
    public Task<string> Started => _started.Task;

    /// <summary>Every <c>RpcLog</c> the worker sent, as protobuf JSON.</summary>
    public IReadOnlyList<JsonObject> Logs => _logs.ToArray();

    /// <summary>Sends one request (a <c>StreamingMessage</c> content, such as <c>{"workerInitRequest": {...}}</c>) and waits for the answer.</summary>
    public async Task<JsonObject> RequestAsync(JsonObject content, TimeSpan? timeout = null)
    {
        var requestId = Guid.NewGuid().ToString("N");
        content["requestId"] = requestId;
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = answer;
        await _outgoing.Writer.WriteAsync(content);
        try
        {
            return await answer.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    /// <summary>Sends a message that has no answer (<c>workerTerminate</c>).</summary>
    public ValueTask SendAsync(JsonObject content) => _outgoing.Writer.WriteAsync(content);

    internal async Task RunAsync(IAsyncStreamReader<byte[]> fromWorker, IServerStreamWriter<byte[]> toWorker, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var writing = Task.Run(async () =>
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(stop.Token))
            {
                await toWorker.WriteAsync(RpcMessages.ToBytes(message), stop.Token);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var bytes in fromWorker.ReadAllAsync(cancel))
            {
                Receive(RpcMessages.FromBytes(bytes));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Receive(JsonObject message)
    {

        if (message["rpcLog"] is JsonObject log)
        {
            _logs.Enqueue(log);
        }
        else if (message["startStream"] is JsonObject start)
        {
            _started.TrySetResult(start["workerId"]?.GetValue<string>() ?? "");
        }
        else if (message["requestId"]?.GetValue<string>() is { } id && _pending.TryGetValue(id, out var answer))
        {
            answer.TrySetResult(message);
        }
    }
}
