using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Catalogue;

/// <summary>Organisers' side of the working groups: the requests waiting, approve, decline (ManageGate admits organisers only).</summary>
public sealed class WorkingGroupModerationFunctions(CatalogueService catalogue, ILogger<WorkingGroupModerationFunctions> logger)
{
    [Function("ListWorkingGroupRequests")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/working-groups")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            ApiResults.Ok(new { items = (await catalogue.MembershipRequestsAsync(cancellationToken)).Select(MembershipRequestResponse.From) }));

    [Function("ApproveWorkingGroupMember")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/working-groups/{sector}/members/{clusterId}/approve")] HttpRequest request,
        string sector,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => Answer(await catalogue.ApproveMembershipAsync(sector, clusterId, cancellationToken)));

    [Function("DeclineWorkingGroupMember")]
    public Task<IActionResult> Decline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/working-groups/{sector}/members/{clusterId}/decline")] HttpRequest request,
        string sector,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => Answer(await catalogue.DeclineMembershipAsync(sector, clusterId, cancellationToken)));

    private static IActionResult Answer(MembershipOutcome outcome) => outcome switch
    {
        MembershipOutcome.Done d => ApiResults.Ok(new
        {
            clusterId = d.Profile.Id,
            sector = Enums.Name(d.Sector),
            status = d.Membership is { IsMember: true } ? "member" : "declined",
            memberSince = d.Membership?.MemberSince,
        }),
        var other => ClusterProfileFunctions.Answer(other),
    };
}
