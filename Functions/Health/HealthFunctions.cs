using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Health;

public sealed class HealthFunctions(StorageHealthCheck storage, ILogger<HealthFunctions> logger)
{
    [Function("Health")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => await storage.IsHealthyAsync(cancellationToken)
            ? ApiResults.Ok(new { status = "ok" })
            : ApiResults.ServiceUnavailable("Storage does not answer."));
}
