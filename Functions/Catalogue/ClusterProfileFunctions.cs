using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Catalogue;

/// <summary>
/// The cluster contact's self-service behind the profile's manage link (<see cref="ClusterContactGate"/>):
/// the own view, edit, withdraw, and joining or leaving a working group.
/// </summary>
public sealed class ClusterProfileFunctions(CatalogueService catalogue, ClusterContactGate gate, ILogger<ClusterProfileFunctions> logger)
{
    [Function("GetOwnClusterProfile")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "clusters/{clusterId}/profile")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (profile, refused) = await gate.OpenAsync(request, clusterId, cancellationToken);
            return refused ?? Private(ApiResults.Ok(OwnProfileResponse.From(profile!)));
        });

    [Function("EditOwnClusterProfile")]
    public Task<IActionResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "clusters/{clusterId}/profile")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (_, refused) = await gate.OpenAsync(request, clusterId, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
            var (body, problem) = await RequestBody.ReadAsync(request, CatalogueFunctions.MaxProfileBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<ClusterInput>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            return await catalogue.EditOwnAsync(clusterId, input, cancellationToken) switch
            {
                ProfileOutcome.Done d => Private(ApiResults.Ok(OwnProfileResponse.From(d.Profile))),
                ProfileOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                _ => ApiResults.NotFound(ClusterContactGate.NotFoundDetail),
            };
        });

    [Function("WithdrawClusterProfile")]
    public Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "clusters/{clusterId}/profile")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (_, refused) = await gate.OpenAsync(request, clusterId, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
            return await catalogue.WithdrawAsync(clusterId, cancellationToken) is ProfileOutcome.Done
                ? ApiResults.NoContent()
                : ApiResults.NotFound(ClusterContactGate.NotFoundDetail);
        });

    [Function("JoinWorkingGroup")]
    public Task<IActionResult> Join(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clusters/{clusterId}/working-groups/{sector}")] HttpRequest request,
        string clusterId,
        string sector,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (_, refused) = await gate.OpenAsync(request, clusterId, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
            return await catalogue.JoinAsync(clusterId, sector, cancellationToken) switch
            {
                MembershipOutcome.Done { Membership: { } m } => ApiResults.Accepted(OwnMembershipResponse.From(m)),
                var other => Answer(other),
            };
        });

    [Function("LeaveWorkingGroup")]
    public Task<IActionResult> Leave(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "clusters/{clusterId}/working-groups/{sector}")] HttpRequest request,
        string clusterId,
        string sector,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (_, refused) = await gate.OpenAsync(request, clusterId, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
            return await catalogue.LeaveAsync(clusterId, sector, cancellationToken) switch
            {
                MembershipOutcome.Done => ApiResults.NoContent(),
                var other => Answer(other),
            };
        });

    internal static IActionResult Answer(MembershipOutcome outcome) => outcome switch
    {
        MembershipOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
        MembershipOutcome.Conflict c => ApiResults.Conflict(c.Detail),
        MembershipOutcome.NotFound n => ApiResults.NotFound(n.Detail),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };

    /// <summary>The contact's own data: never kept by a shared cache.</summary>
    private static IActionResult Private(JsonActionResult result)
    {
        result.Headers["Cache-Control"] = "no-store";
        return result;
    }
}
