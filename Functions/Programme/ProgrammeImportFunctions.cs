using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Programme;

/// <summary>
/// <c>POST /api/manage/programme</c>: creates or updates many events at once from
/// <c>{ "events": [ { "id", ...the PUT body } ] }</c> (the shipped programme, data/programme.json).
/// Each event is saved as its PUT would save it; the answer says what became of each.
/// </summary>
public sealed class ProgrammeImportFunctions(ProgrammeService programme, ILogger<ProgrammeImportFunctions> logger)
{
    private const long MaxImportBytes = 1024 * 1024;
    private const int MaxEvents = 200;

    [Function("ImportProgramme")]
    public Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/programme")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxImportBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (items, invalid) = JsonInput.ReadList(body!.Text, "events", MaxEvents);
            if (items is null)
            {
                return invalid!;
            }
            var results = new List<object>();
            foreach (var (id, json) in items)
            {
                var (input, invalidItem) = JsonInput.Read<EventInput>(json);
                if (input is null)
                {
                    results.Add(new { id, status = "invalid", errors = ((invalidItem as JsonActionResult)?.Value as Problem)?.Errors });
                    continue;
                }
                results.Add(await programme.SaveAsync(id, input, cancellationToken) switch
                {
                    SaveEventOutcome.Invalid i => new { id, status = "invalid", errors = (IReadOnlyDictionary<string, string[]>?)i.Errors.ToDictionary() },
                    SaveEventOutcome.CapacityBelowConfirmed c => new { id, status = "conflict", errors = (IReadOnlyDictionary<string, string[]>?)
                        new Dictionary<string, string[]> { ["capacity"] = [$"{c.Confirmed} people are confirmed."] } },
                    SaveEventOutcome.EventCancelled => new { id, status = "conflict", errors = (IReadOnlyDictionary<string, string[]>?)
                        new Dictionary<string, string[]> { ["status"] = ["The event is cancelled."] } },
                    SaveEventOutcome.MeetingsScheduled m => new { id, status = "conflict", errors = (IReadOnlyDictionary<string, string[]>?)
                        new Dictionary<string, string[]> { ["meetings"] = [EventFunctions.MeetingsScheduledDetail(m)] } },
                    SaveEventOutcome.MeetingsBeingScheduled => new { id, status = "conflict", errors = (IReadOnlyDictionary<string, string[]>?)
                        new Dictionary<string, string[]> { ["meetings"] = [EventFunctions.MeetingsBeingScheduledDetail] } },
                    SaveEventOutcome.Saved { Created: true } => new { id, status = "created", errors = (IReadOnlyDictionary<string, string[]>?)null },
                    _ => new { id, status = "updated", errors = (IReadOnlyDictionary<string, string[]>?)null },
                });
            }
            return ApiResults.Ok(new { items = results });
        });
}
