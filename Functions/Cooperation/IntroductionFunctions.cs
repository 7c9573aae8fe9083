using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Cooperation;

/// <summary>What a cluster sends to ask for an introduction.</summary>
public sealed record IntroductionRequest
{
    public string? To { get; init; }
    public string? Message { get; init; }
}

/// <summary>
/// Introductions, each route by a cluster contact's manage token (<see cref="ClusterGate"/>): asking
/// (the asking cluster), accepting or declining (the invited cluster), and the cluster's own list.
/// </summary>
public sealed class IntroductionFunctions(IntroductionService introductions, IClusterStore clusters, ClusterGate gate, ILogger<IntroductionFunctions> logger)
{
    private const long MaxBodyBytes = 16 * 1024;

    [Function("RequestIntroduction")]
    public Task<IActionResult> Request(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clusters/{clusterId}/introductions")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (asker, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (asker is null)
            {
                return refusal!;
            }
            var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<IntroductionRequest>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            return await introductions.RequestAsync(asker, input.To, input.Message, cancellationToken) switch
            {
                IntroductionOutcome.Created c => ApiResults.Created($"/api/clusters/{clusterId}/introductions", new { introductionId = c.Introduction.Id }),
                IntroductionOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                IntroductionOutcome.TooMany t => ApiResults.TooManyRequests(
                    "This cluster has asked for as many introductions as it may for now; try again after Retry-After seconds.", t.RetryAfter),
                IntroductionOutcome.Conflict c => ApiResults.Conflict(c.Detail),
                IntroductionOutcome.Busy => ApiResults.ServiceUnavailable("Too many changes at once; try again."),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("AcceptIntroduction")]
    public Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clusters/{clusterId}/introductions/{introductionId}/accept")] HttpRequest request,
        string clusterId,
        string introductionId,
        CancellationToken cancellationToken)
        => DecideAsync(request, clusterId, introductionId, accept: true, cancellationToken);

    [Function("DeclineIntroduction")]
    public Task<IActionResult> Decline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clusters/{clusterId}/introductions/{introductionId}/decline")] HttpRequest request,
        string clusterId,
        string introductionId,
        CancellationToken cancellationToken)
        => DecideAsync(request, clusterId, introductionId, accept: false, cancellationToken);

    [Function("ListIntroductions")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "clusters/{clusterId}/introductions")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (cluster, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (cluster is null)
            {
                return refusal!;
            }
            var items = new List<object>();
            foreach (var introduction in await introductions.OfClusterAsync(clusterId, cancellationToken))
            {
                items.Add(await ViewAsync(introduction, clusterId, cancellationToken));
            }
            var result = ApiResults.Ok(new { items });
            result.Headers["Cache-Control"] = "no-store";
            return result;
        });

    private Task<IActionResult> DecideAsync(HttpRequest request, string clusterId, string introductionId, bool accept, CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (invited, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (invited is null)
            {
                return refusal!;
            }
            return await introductions.DecideAsync(clusterId, introductionId, accept, cancellationToken) switch
            {
                IntroductionOutcome.Decided d => NoStore(ApiResults.Ok(await ViewAsync(d.Introduction, clusterId, cancellationToken))),
                IntroductionOutcome.NotFound => ApiResults.NotFound("No such introduction for this cluster."),
                IntroductionOutcome.Conflict c => ApiResults.Conflict(c.Detail),
                IntroductionOutcome.Busy => ApiResults.ServiceUnavailable("Too many changes at once; try again."),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    private static JsonActionResult NoStore(JsonActionResult result)
    {
        result.Headers["Cache-Control"] = "no-store";
        return result;
    }

    /// <summary>An introduction as one of its two clusters sees it: the other's contact only once accepted.</summary>
    private async Task<object> ViewAsync(Introduction introduction, string viewer, CancellationToken cancellationToken)
    {
        var sent = introduction.FromClusterId == viewer;
        var otherId = sent ? introduction.ToClusterId : introduction.FromClusterId;
        var other = await clusters.GetAsync(otherId, cancellationToken);
        var contact = introduction.State == IntroductionState.Accepted ? (sent ? introduction.InvitedContact : introduction.AskerContact) : null;
        return new
        {
            introductionId = introduction.Id,
            direction = sent ? "sent" : "received",
            cluster = new { id = otherId, name = other?.Name, country = other?.Country },
            message = introduction.Message.Length > 0 ? introduction.Message : null,
            state = Enums.Name(introduction.State),
            requestedAt = introduction.RequestedAt,
            decidedAt = introduction.DecidedAt,
            contact = contact is { IsErased: false } ? new { name = contact.Name, email = contact.Email } : null,
        };
    }
}
