using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Cooperation;

/// <summary>
/// Cooperation records and the work plans: a working group's member records, changes and removes its
/// records by its manage token; a partner may change a record's status; the work plan of a group is public
/// (cluster names, no contact data); organisers and observers see the counts across groups.
/// </summary>
public sealed class CooperationFunctions(
    CooperationService cooperation, IClusterStore clusters, ClusterGate gate, Audiences audiences, ILogger<CooperationFunctions> logger)
{
    private const long MaxBodyBytes = 32 * 1024;

    [Function("RecordCooperation")]
    public Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clusters/{clusterId}/cooperation")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (cluster, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (cluster is null)
            {
                return refusal!;
            }
            var (input, problem) = await ReadAsync(request, cancellationToken);
            if (input is null)
            {
                return problem!;
            }
            var outcome = await cooperation.CreateAsync(clusterId, input, cancellationToken);
            return outcome is CooperationOutcome.Done done
                ? ApiResults.Created($"/api/clusters/{clusterId}/cooperation/{done.Record.Id}", await ViewAsync(done.Record, cancellationToken))
                : Answer(outcome);
        });

    [Function("ListClusterCooperation")]
    public Task<IActionResult> ListOwn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "clusters/{clusterId}/cooperation")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (cluster, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (cluster is null)
            {
                return refusal!;
            }
            var names = await NamesAsync(cancellationToken);
            return ApiResults.Ok(new { items = (await cooperation.OfClusterAsync(clusterId, cancellationToken)).Select(r => View(r, names)) });
        });

    [Function("UpdateCooperation")]
    public Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "clusters/{clusterId}/cooperation/{recordId}")] HttpRequest request,
        string clusterId,
        string recordId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (cluster, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (cluster is null)
            {
                return refusal!;
            }
            var (input, problem) = await ReadAsync(request, cancellationToken);
            if (input is null)
            {
                return problem!;
            }
            var outcome = await cooperation.UpdateAsync(clusterId, recordId, input, cancellationToken);
            return outcome is CooperationOutcome.Done done ? ApiResults.Ok(await ViewAsync(done.Record, cancellationToken)) : Answer(outcome);
        });

    [Function("DeleteCooperation")]
    public Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "clusters/{clusterId}/cooperation/{recordId}")] HttpRequest request,
        string clusterId,
        string recordId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (cluster, refusal) = await gate.AdmitAsync(request, clusterId, cancellationToken);
            if (cluster is null)
            {
                return refusal!;
            }
            return Answer(await cooperation.DeleteAsync(clusterId, recordId, cancellationToken));
        });

    [Function("GetWorkPlan")]
    public Task<IActionResult> WorkPlan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "working-groups/{sector}/work-plan")] HttpRequest request,
        string sector,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (Enums.Parse<Sector>(sector) is not { } group)
            {
                return ApiResults.NotFound("No such working group: the sectors are " + Enums.Names<Sector>() + ".");
            }
            var names = await NamesAsync(cancellationToken);
            var items = (await cooperation.WorkPlanAsync(group, cancellationToken)).Select(r => View(r, names));
            return ApiResults.Ok(new { sector = Enums.Name(group), items });
        });

    [Function("ManageCooperationProgress")]
    public Task<IActionResult> ManageProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/cooperation")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => ApiResults.Ok(await ProgressAsync(cancellationToken)));

    /// <summary>The same counts for observers (their key opens nothing under /manage) and organisers.</summary>
    [Function("CooperationProgress")]
    public Task<IActionResult> Progress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "cooperation/progress")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => audiences.Of(request) is Audience.Public
            ? ApiResults.Unauthorized()
            : ApiResults.Ok(await ProgressAsync(cancellationToken)));

    private async Task<object> ProgressAsync(CancellationToken cancellationToken)
    {
        var groups = await cooperation.ProgressAsync(cancellationToken);
        return new
        {
            items = groups.Select(g => new
            {
                workingGroup = Enums.Name(g.WorkingGroup),
                total = g.Total,
                planned = g.ByStatus[CooperationStatus.Planned],
                ongoing = g.ByStatus[CooperationStatus.Ongoing],
                done = g.ByStatus[CooperationStatus.Done],
                dropped = g.ByStatus[CooperationStatus.Dropped],
            }),
        };
    }

    private static async Task<(CooperationInput? Input, IActionResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes, RequestBody.Json, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }
        return JsonInput.Read<CooperationInput>(body!.Text);
    }

    private static IActionResult Answer(CooperationOutcome outcome) => outcome switch
    {
        CooperationOutcome.Removed => ApiResults.NoContent(),
        CooperationOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
        CooperationOutcome.Forbidden f => ApiResults.Forbidden(f.Detail),
        CooperationOutcome.NotFound => ApiResults.NotFound("No such cooperation record for this cluster."),
        CooperationOutcome.Conflict c => ApiResults.Conflict(c.Detail),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };

    /// <summary>Approved clusters' public names and countries by id: a record shows nothing else of a cluster.</summary>
    private async Task<IReadOnlyDictionary<string, ClusterProfile>> NamesAsync(CancellationToken cancellationToken)
        => (await clusters.ApprovedAsync(cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);

    private async Task<object> ViewAsync(CooperationRecord record, CancellationToken cancellationToken) => View(record, await NamesAsync(cancellationToken));

    private static object View(CooperationRecord record, IReadOnlyDictionary<string, ClusterProfile> names) => new
    {
        id = record.Id,
        workingGroup = Enums.Name(record.WorkingGroup),
        title = record.Title,
        cluster = Cluster(record.ClusterId, names),
        partners = record.Partners.Select(p => Cluster(p, names)),
        nextStep = record.NextStep,
        dueMonth = record.DueMonth,
        status = Enums.Name(record.Status),
        meetingRequestId = record.MeetingRequestId,
        recordedAt = record.RecordedAt,
        updatedAt = record.UpdatedAt,
    };

    private static object Cluster(string id, IReadOnlyDictionary<string, ClusterProfile> names)
        => names.TryGetValue(id, out var profile) ? new { id, name = (string?)profile.Name, country = (string?)profile.Country } : new { id, name = (string?)null, country = (string?)null };
}
