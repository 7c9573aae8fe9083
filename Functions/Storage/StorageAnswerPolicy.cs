using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Tells "no such entity or blob" apart from "storage is not as the app needs it". The SDK's
/// <c>…IfExists</c> reads turn every 404 into "absent", so a vanished table or container, or a 404 from
/// something that is not storage at all (a gateway, a wrong endpoint), would read as "No such event.".
/// Such an answer is thrown instead, and the route answers 503 (see Http/StorageFailures).
/// </summary>
public sealed class StorageAnswerPolicy : HttpPipelineSynchronousPolicy
{
    /// <summary>Error codes for a missing table, container or queue: the app's own resources, not the caller's.</summary>
    public static readonly IReadOnlySet<string> MissingResourceCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "TableNotFound", "ContainerNotFound", "QueueNotFound",
    };

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Response.Status != 404)
        {
            return;
        }
        var code = message.Response.Headers.TryGetValue("x-ms-error-code", out var value) ? value : null;
        if (code is null || MissingResourceCodes.Contains(code))
        {
            throw new RequestFailedException(503, $"Storage answered 404 {code ?? "without an error code"}.", code, null);
        }
    }

    public static void AddTo(ClientOptions options) => options.AddPolicy(new StorageAnswerPolicy(), HttpPipelinePosition.PerCall);
}
