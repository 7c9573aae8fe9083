using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Registrations;

/// <summary>Organisers' lists, export, check-in and cancellation of an event's registrations.</summary>
public sealed class OrganiserRegistrationFunctions(
    IEventStore events,
    IRegistrationStore store,
    RegistrationService registrations,
    ILogger<OrganiserRegistrationFunctions> logger)
{
    [Function("ListRegistrations")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/registrations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var query = DoorRequests.Query(request, errors);
            var pageSize = ApiQuery.PageSize(request, errors);
            var offset = DoorRequests.Offset(ApiQuery.ContinuationToken(request, errors), errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            if (!await ExistsAsync(eventId, cancellationToken))
            {
                return ApiResults.NotFound("No such event.");
            }
            // A few hundred registrations at most: the partition read once, filtered and ordered here.
            var found = query.Apply(await AllAsync(eventId, cancellationToken));
            var page = found.Skip(offset!.Value).Take(pageSize!.Value).Select(RegistrationRecord.From).ToArray();
            return ApiResults.Ok(new RegistrationRecordPage(page, DoorRequests.OffsetToken(offset.Value + page.Length, found.Count)));
        });

    [Function("ExportRegistrations")]
    public Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/registrations.csv")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var separator = RegistrationCsv.Separator(request.Query["separator"].FirstOrDefault(), errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            if (!await ExistsAsync(eventId, cancellationToken))
            {
                return ApiResults.NotFound("No such event.");
            }
            var csv = await RegistrationCsv.WriteAsync(store.AllAsync(eventId, cancellationToken), separator, cancellationToken);
            return ApiResults.File(csv, "text/csv; charset=utf-8", $"{eventId}-registrations.csv");
        });

    [Function("ExportRegistrationsXlsx")]
    public Task<IActionResult> ExportXlsx(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/registrations.xlsx")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (!await ExistsAsync(eventId, cancellationToken))
            {
                return ApiResults.NotFound("No such event.");
            }
            var xlsx = RegistrationXlsx.Write(await AllAsync(eventId, cancellationToken));
            return ApiResults.File(xlsx, RegistrationXlsx.ContentType, $"{eventId}-registrations.xlsx");
        });

    [Function("CheckIn")]
    public Task<IActionResult> CheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "delete", Route = "manage/events/{eventId}/registrations/{registrationId}/check-in")] HttpRequest request,
        string eventId,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            DateOnly? day;
            if (HttpMethods.IsDelete(request.Method))
            {
                var errors = new ValidationErrors();
                day = DoorRequests.Day(request, errors);
                if (!errors.IsEmpty)
                {
                    return ApiResults.ValidationProblem(errors.ToDictionary());
                }
                return Answer(await registrations.UndoCheckInAsync(eventId, registrationId, day, cancellationToken));
            }
            var (body, problem) = await DoorRequests.ReadCheckInAsync(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            return Answer(await registrations.CheckInAsync(eventId, registrationId, body!.Day, cancellationToken));
        });

    [Function("CheckInByCode")]
    public Task<IActionResult> CheckInByCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/check-in")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await DoorRequests.ReadCheckInAsync(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            if (string.IsNullOrWhiteSpace(body!.Code))
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["Required: the code as scanned or typed."] });
            }
            return Answer(await registrations.CheckInByCodeAsync(eventId, body.Code, body.Day, cancellationToken));
        });

    [Function("WalkIn")]
    public Task<IActionResult> WalkIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/walk-ins")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, RegistrationFunctions.MaxFormBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var errors = new ValidationErrors();
            var form = RegistrationFormReader.Read(body!, errors);
            if (form is null)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            return await registrations.WalkInAsync(eventId, form, errors, cancellationToken) switch
            {
                WalkInOutcome.Invalid invalid => ApiResults.ValidationProblem(invalid.Errors.ToDictionary()),
                WalkInOutcome.EventCancelled => ApiResults.Conflict("The event is cancelled.", ProblemTypes.RegistrationClosed),
                WalkInOutcome.AlreadyRegistered existing => ApiResults.Ok(RegistrationRecord.From(existing.Registration)),
                WalkInOutcome.Registered r => ApiResults.Created(
                    $"/api/manage/events/{eventId}/registrations/{r.Registration.Id}", RegistrationRecord.From(r.Registration)),
                _ => ApiResults.NotFound("No such event."),
            };
        });

    [Function("RegistrationSummary")]
    public Task<IActionResult> Summary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/summary")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            await registrations.SummaryAsync(eventId, cancellationToken) is { } summary
                ? ApiResults.Ok(RegistrationSummaryResponse.From(summary))
                : ApiResults.NotFound("No such event."));

    private static IActionResult Answer(CheckInOutcome outcome) => outcome switch
    {
        CheckInOutcome.CheckedIn c => ApiResults.Ok(RegistrationRecord.From(c.Registration)),
        CheckInOutcome.NotConfirmed n => ApiResults.Conflict($"Only confirmed registrations can check in; this one is {Enums.Name(n.Registration.Status)}."),
        CheckInOutcome.NotAnEventDay d => ApiResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["day"] = [d.Days.Count == 0 ? "The event has no days yet." : $"A day of the event, {EventDays.Format(d.Days[0])} to {EventDays.Format(d.Days[^1])}."],
        }),
        _ => ApiResults.NotFound("No such registration for this event."),
    };

    private async Task<List<Registration>> AllAsync(string eventId, CancellationToken cancellationToken)
    {
        var all = new List<Registration>();
        await foreach (var registration in store.AllAsync(eventId, cancellationToken))
        {
            all.Add(registration);
        }
        return all;
    }

    [Function("GetRegistrationForOrganiser")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/registrations/{registrationId}")] HttpRequest request,
        string eventId,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            RegistrationIds.EventIdOf(registrationId) == eventId && await store.GetAsync(registrationId, cancellationToken) is { } registration
                ? ApiResults.Ok(RegistrationRecord.From(registration))
                : ApiResults.NotFound("No such registration for this event."));

    [Function("CancelRegistrationByOrganiser")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/events/{eventId}/registrations/{registrationId}")] HttpRequest request,
        string eventId,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            await registrations.CancelByOrganiserAsync(eventId, registrationId, cancellationToken) is { } cancelled
                ? ApiResults.Ok(RegistrationRecord.From(cancelled))
                : ApiResults.NotFound("No such registration for this event."));

    private async Task<bool> ExistsAsync(string eventId, CancellationToken cancellationToken)
        => EventValidator.IsValidId(eventId) && await events.GetAsync(eventId, cancellationToken) is not null;
}
