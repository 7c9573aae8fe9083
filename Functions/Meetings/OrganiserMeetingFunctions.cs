using ClustersCord.Domain.Meetings;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Meetings;

/// <summary>The organisers' side of the bilateral meetings: run the scheduler (publish), list the meetings, and the grid as a workbook.</summary>
public sealed class OrganiserMeetingFunctions(MeetingService meetings, ILogger<OrganiserMeetingFunctions> logger)
{
    [Function("ScheduleMeetings")]
    public Task<IActionResult> Schedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/meetings/schedule")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (RequestBody.RefusedWhenSent(request) is { } refused)
            {
                return refused;
            }
            var result = await meetings.ScheduleAsync(eventId, cancellationToken);
            return result.Value is { } report ? ApiResults.Ok(ScheduleResponse.From(report)) : MeetingAnswers.Refused(result, "No such event.");
        });

    [Function("ListMeetings")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/meetings")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var result = await meetings.MeetingsAsync(eventId, cancellationToken);
            return result.Value is { } items
                ? ApiResults.Ok(new ScheduledMeetingList(items.Select(ScheduledMeetingResponse.From).ToArray()))
                : MeetingAnswers.Refused(result, "No such event.");
        });

    [Function("ExportMeetingsXlsx")]
    public Task<IActionResult> ExportXlsx(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/meetings.xlsx")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var result = await meetings.GridAsync(eventId, cancellationToken);
            return result.Value is { } grid
                ? ApiResults.File(MeetingGridXlsx.Write(grid), MeetingGridXlsx.ContentType, $"{eventId}-meetings.xlsx")
                : MeetingAnswers.Refused(result, "No such event.");
        });
}
