using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Catalogue;

/// <summary>Moderation of the catalogue: pending profiles with the validation criteria, approve, reject, edit, import.</summary>
public sealed class OrganiserCatalogueFunctions(CatalogueService catalogue, ILogger<OrganiserCatalogueFunctions> logger)
{
    [Function("ListClustersForModeration")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/clusters")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var status = ApiQuery.Enum<ProfileStatus>(request, "status", errors) ?? ProfileStatus.Pending;
            var pageSize = ApiQuery.PageSize(request, errors);
            var token = ApiQuery.ContinuationToken(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var page = await catalogue.ListAsync(status, pageSize!.Value, token, cancellationToken);
            return ApiResults.Ok(new
            {
                items = page.Items.Select(ModerationItem.From),
                continuationToken = ApiQuery.WrapContinuationToken(page.ContinuationToken),
            });
        });

    [Function("ApproveCluster")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/clusters/{clusterId}/approve")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => Answer(await catalogue.ApproveAsync(clusterId, cancellationToken)));

    [Function("RejectCluster")]
    public Task<IActionResult> Reject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/clusters/{clusterId}/reject")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => Answer(await catalogue.RejectAsync(clusterId, cancellationToken)));

    [Function("EditCluster")]
    public Task<IActionResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/clusters/{clusterId}")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, CatalogueFunctions.MaxProfileBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<ClusterInput>(body!.Text);
            return input is null ? invalid! : Answer(await catalogue.EditAsync(clusterId, input, cancellationToken));
        });

    /// <summary><c>{ "clusters": [ { "id", ...profile } ] }</c>: saved as approved (sample data, migrations).</summary>
    [Function("ImportClusters")]
    public Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/clusters/import")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, 4 * 1024 * 1024, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (items, invalid) = JsonInput.ReadList(body!.Text, "clusters", 1000);
            if (items is null)
            {
                return invalid!;
            }
            var results = new List<object>();
            foreach (var (id, json) in items)
            {
                var (input, _) = JsonInput.Read<ClusterInput>(json);
                var outcome = input is null ? null : await catalogue.ImportAsync(id, input, cancellationToken);
                results.Add(outcome switch
                {
                    ProfileOutcome.Done => new { id, status = "approved", errors = (IReadOnlyDictionary<string, string[]>?)null },
                    ProfileOutcome.Conflict c => new { id, status = "conflict", errors = (IReadOnlyDictionary<string, string[]>?)new Dictionary<string, string[]> { ["id"] = [c.Detail] } },
                    _ => new { id, status = "invalid", errors = (outcome as ProfileOutcome.Invalid)?.Errors.ToDictionary() },
                });
            }
            return ApiResults.Ok(new { items = results });
        });

    private static IActionResult Answer(ProfileOutcome outcome) => outcome switch
    {
        ProfileOutcome.Done d => ApiResults.Ok(ModerationItem.From(d.Profile)),
        ProfileOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
        _ => ApiResults.NotFound("No such cluster profile."),
    };
}
