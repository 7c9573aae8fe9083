using ClustersCord.Domain.Audit;
using ClustersCord.Domain.Common;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Audit;

/// <summary>The audit log for the back-office: organisers' changes, newest first, paged.</summary>
public sealed class AuditFunctions(IAuditLog log, ILogger<AuditFunctions> logger)
{
    [Function("ListAudit")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/audit")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var pageSize = ApiQuery.PageSize(request, errors);
            var token = ApiQuery.ContinuationToken(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var page = await log.ListAsync(pageSize!.Value, token, cancellationToken);
            return ApiResults.Ok(new
            {
                items = page.Items.Select(e => new { at = e.At, who = e.Who, action = e.Action, target = e.Target, status = e.Status }).ToArray(),
                continuationToken = ApiQuery.WrapContinuationToken(page.ContinuationToken),
            });
        });
}
