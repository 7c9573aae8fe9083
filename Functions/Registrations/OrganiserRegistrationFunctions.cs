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
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "manage/events/{eventId}/registrations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var status = ApiQuery.Enum<RegistrationStatus>(request, "status", errors);
            var pageSize = ApiQuery.PageSize(request, errors);
            var token = ApiQuery.ContinuationToken(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            if (!await ExistsAsync(eventId, cancellationToken))
            {
                return ApiResults.NotFound("No such event.");
            }
            try
            {
                var page = await store.ListAsync(eventId, status, pageSize!.Value, token, cancellationToken);
                return ApiResults.Ok(new RegistrationRecordPage(page.Items.Select(RegistrationRecord.From).ToArray(),
                    ApiQuery.WrapContinuationToken(page.ContinuationToken)));
            }
            catch (Azure.RequestFailedException e) when (e.Status == 400 && token is not null)
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = ["Not a token this API gave out."] });
            }
        });

    [Function("ExportRegistrations")]
    public Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "manage/events/{eventId}/registrations.csv")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (!await ExistsAsync(eventId, cancellationToken))
            {
                return ApiResults.NotFound("No such event.");
            }
            var csv = await RegistrationCsv.WriteAsync(store.AllAsync(eventId, cancellationToken), cancellationToken);
            return ApiResults.File(csv, "text/csv; charset=utf-8", $"{eventId}-registrations.csv");
        });

    [Function("CheckIn")]
    public Task<IActionResult> CheckIn(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/events/{eventId}/registrations/{registrationId}/check-in")] HttpRequest request,
        string eventId,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () => await registrations.CheckInAsync(eventId, registrationId, cancellationToken) switch
        {
            CheckInOutcome.CheckedIn c => ApiResults.Ok(RegistrationRecord.From(c.Registration)),
            CheckInOutcome.NotConfirmed n => ApiResults.Conflict($"Only confirmed registrations can check in; this one is {Enums.Name(n.Registration.Status)}."),
            _ => ApiResults.NotFound("No such registration for this event."),
        });

    [Function("CancelRegistrationByOrganiser")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/events/{eventId}/registrations/{registrationId}")] HttpRequest request,
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
