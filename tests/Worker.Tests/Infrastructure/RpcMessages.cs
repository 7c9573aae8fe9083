using System.Reflection;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>
/// The host↔worker messages (FunctionRpc.proto's <c>StreamingMessage</c>), read from the worker's own
/// compiled schema: Microsoft.Azure.Functions.Worker.Grpc carries the generated types (internal to it) and
/// their descriptor, so no .proto file is copied here and the schema cannot drift from the worker's. Tests
/// build and read messages as protobuf JSON (camelCase field names, enums by name, defaults left out).
/// The assembly is the test's own copy of the package the published worker carries (one central version).
/// </summary>
public static class RpcMessages
{
    public const string GrpcAssembly = "Microsoft.Azure.Functions.Worker.Grpc";

    private static readonly MessageDescriptor Streaming = (MessageDescriptor)Assembly.Load(GrpcAssembly)
        .GetType("Microsoft.Azure.Functions.Worker.Grpc.Messages.StreamingMessage", throwOnError: true)!
        .GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!
        .GetValue(null)!;

    public static byte[] ToBytes(JsonObject message) => JsonParser.Default.Parse(message.ToJsonString(), Streaming).ToByteArray();

    public static JsonObject FromBytes(byte[] bytes) => JsonNode.Parse(JsonFormatter.Default.Format(Streaming.Parser.ParseFrom(bytes)))!.AsObject();

    /// <summary>A <c>StatusResult</c> reads Success (its absence is the default, Failure).</summary>
    public static bool Succeeded(JsonNode? result) => result?["status"]?.GetValue<string>() == "Success";

    /// <summary>A <c>TypedData</c> holding a string.</summary>
    public static JsonObject Text(string value) => new() { ["string"] = value };

    /// <summary>A <c>TypedData</c> holding JSON.</summary>
    public static JsonObject Json(JsonNode value) => new() { ["json"] = value.ToJsonString() };
}
