using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>
/// The one gRPC method the Functions host serves, <c>AzureFunctionsRpcMessages.FunctionRpc/EventStream</c>
/// (bidirectional streaming), bound for Grpc.AspNetCore without generated code: messages stay bytes here
/// and <see cref="RpcMessages"/> reads them.
/// </summary>
[BindServiceMethod(typeof(FunctionRpcService), nameof(BindService))]
public class FunctionRpcService(WorkerChannel channel)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly Method<byte[], byte[]> EventStreamMethod =
        new(MethodType.DuplexStreaming, "AzureFunctionsRpcMessages.FunctionRpc", nameof(EventStream), Bytes, Bytes);

    public static void BindService(ServiceBinderBase binder, FunctionRpcService? service)
    {
        // Grpc.AspNetCore binds with no instance and finds the method by its name: a virtual one declared here.
        DuplexStreamingServerMethod<byte[], byte[]>? handler = service is null ? null : service.EventStream;
        binder.AddMethod(EventStreamMethod, handler!);
    }

    public virtual Task EventStream(IAsyncStreamReader<byte[]> requestStream, IServerStreamWriter<byte[]> responseStream, ServerCallContext context)
        => channel.RunAsync(requestStream, responseStream, context.CancellationToken);
}
