using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ClustersCord.Functions.Health;

public sealed class HealthFunctions(StorageHealthCheck storage)
{
    [Function("Health")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
        => await storage.IsHealthyAsync(cancellationToken)
            ? ApiResults.Ok(new { status = "ok" })
            : ApiResults.ServiceUnavailable("Storage does not answer.");
}
