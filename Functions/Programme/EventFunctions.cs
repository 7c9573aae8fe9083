using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Programme;

/// <summary>The programme: public reading, organisers creating and changing events.</summary>
public sealed class EventFunctions(ProgrammeService programme, ILogger<EventFunctions> logger)
{
    /// <summary>An organiser's event JSON: far below this in practice.</summary>
    private const long MaxEventBytes = 256 * 1024;

    [Function("ListEvents")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var filter = new EventFilter(
                ApiQuery.Enum<Sector>(request, "sector", errors),
                ApiQuery.Enum<EventType>(request, "type", errors),
                ApiQuery.Instant(request, "from", errors),
                ApiQuery.Instant(request, "to", errors));
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var language = ApiQuery.Language(request);
            var views = await programme.ListAsync(filter, cancellationToken);
            return ApiResults.Ok(new EventList(views.Select(v => EventResponse.From(v, language)).ToArray()));
        });

    [Function("GetEvent")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var view = await programme.GetAsync(eventId, cancellationToken);
            return view is null
                ? ApiResults.NotFound("No such event.")
                : ApiResults.Ok(EventResponse.From(view, ApiQuery.Language(request)));
        });

    [Function("PutEvent")]
    public Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxEventBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<EventInput>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            return await programme.SaveAsync(eventId, input, cancellationToken) switch
            {
                SaveEventOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                SaveEventOutcome.CapacityBelowConfirmed c => ApiResults.Conflict(
                    $"{c.Confirmed} people are confirmed; capacity cannot go below that. Cancel registrations first."),
                SaveEventOutcome.EventCancelled => ApiResults.Conflict("The event is cancelled; it cannot be published or changed again."),
                SaveEventOutcome.MeetingsScheduled m => ApiResults.Conflict(MeetingsScheduledDetail(m)),
                SaveEventOutcome.MeetingsBeingScheduled => ApiResults.Conflict(MeetingsBeingScheduledDetail),
                SaveEventOutcome.Saved { Created: true } s => ApiResults.Created($"/api/events/{eventId}", EventResponse.From(s.View, Language.Default)),
                SaveEventOutcome.Saved s => ApiResults.Ok(EventResponse.From(s.View, Language.Default)),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    internal const string MeetingsBeingScheduledDetail = "A meeting scheduler run is under way; change the meeting sessions once it has finished.";

    /// <summary>Why a meetings setting was refused, and what may still change.</summary>
    internal static string MeetingsScheduledDetail(SaveEventOutcome.MeetingsScheduled m)
        => $"{m.Scheduled} meetings are scheduled: while they are, the meeting sessions and slot length stay as they are "
           + $"(sessions may be added after the last one) and there must be at least {m.TablesInUse} tables.";

    /// <summary>Every event for the back-office, drafts and cancelled ones included: upcoming first (soonest first), then past (latest first).</summary>
    [Function("ListManagedEvents")]
    public Task<IActionResult> ListManaged(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var views = await programme.ListManagedAsync(cancellationToken);
            return ApiResults.Ok(new ManagedEventList(views.Select(ManagedEventResponse.From).ToArray()));
        });

    [Function("GetManagedEvent")]
    public Task<IActionResult> GetManaged(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var view = await programme.GetManagedAsync(eventId, cancellationToken);
            return view is null ? ApiResults.NotFound("No such event.") : ApiResults.Ok(ManagedEventResponse.From(view));
        });

    /// <summary>Cancels the event and tells every active registrant; cancelling again answers the same and sends nothing.</summary>
    [Function("CancelEvent")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/cancel")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (RequestBody.RefusedWhenSent(request) is { } refused)
            {
                return refused;
            }
            var view = await programme.CancelAsync(eventId, cancellationToken);
            return view is null ? ApiResults.NotFound("No such event.") : ApiResults.Ok(ManagedEventResponse.From(view));
        });
}
