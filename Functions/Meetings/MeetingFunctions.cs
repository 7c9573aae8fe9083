using System.Text;
using ClustersCord.Domain.Meetings;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Meetings;

/// <summary>
/// A registrant's side of the bilateral meetings, behind the manage token (<c>X-Manage-Token</c>, as every
/// registration route): the profile, the participants, requests and answers, the agenda and outcomes.
/// </summary>
public sealed class MeetingFunctions(MeetingService meetings, ILogger<MeetingFunctions> logger)
{
    public const long MaxBodyBytes = 16 * 1024;

    [Function("GetMeetingProfile")]
    public Task<IActionResult> GetProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}/meeting-profile")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => Guarded(request, async token =>
        {
            var result = await meetings.GetProfileAsync(registrationId, token, cancellationToken);
            return result.Value is { } profile ? ApiResults.Ok(MeetingProfileResponse.From(profile)) : MeetingAnswers.Refused(result);
        });

    [Function("PutMeetingProfile")]
    public Task<IActionResult> PutProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "registrations/{registrationId}/meeting-profile")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => WithBody<MeetingProfileInput>(request, cancellationToken, async (token, input) =>
        {
            var result = await meetings.SaveProfileAsync(registrationId, token, input, cancellationToken);
            return result.Value is { } profile ? ApiResults.Ok(MeetingProfileResponse.From(profile)) : MeetingAnswers.Refused(result);
        });

    [Function("ListMeetingParticipants")]
    public Task<IActionResult> Participants(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}/meeting-participants")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => Guarded(request, async token =>
        {
            var matches = request.Query["matches"].ToString();
            if (matches is not ("" or "true" or "false"))
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["matches"] = ["true or false."] });
            }
            var result = await meetings.ParticipantsAsync(registrationId, token, matches == "true", cancellationToken);
            return result.Value is { } items ? ApiResults.Ok(new ParticipantList(items.Select(ParticipantResponse.From).ToArray())) : MeetingAnswers.Refused(result);
        });

    [Function("RequestMeeting")]
    public Task<IActionResult> Request(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations/{registrationId}/meeting-requests")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => WithBody<MeetingRequestInput>(request, cancellationToken, async (token, input) =>
        {
            var result = await meetings.RequestAsync(registrationId, token, input, cancellationToken);
            return result.Value is { } created
                ? ApiResults.Created($"/api/registrations/{registrationId}/meeting-requests", new MeetingRequestCreated(created.Id, "open"))
                : MeetingAnswers.Refused(result);
        });

    [Function("ListMeetingRequests")]
    public Task<IActionResult> Requests(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}/meeting-requests")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => Guarded(request, async token =>
        {
            var result = await meetings.MyRequestsAsync(registrationId, token, cancellationToken);
            return result.Value is { } items ? ApiResults.Ok(new MyRequestList(items.Select(MyRequestResponse.From).ToArray())) : MeetingAnswers.Refused(result);
        });

    [Function("AcceptMeetingRequest")]
    public Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations/{registrationId}/meeting-requests/{requestId}/accept")] HttpRequest request,
        string registrationId, string requestId, CancellationToken cancellationToken)
        => Answer(request, registrationId, requestId, MeetingService.Answer.Accept, cancellationToken);

    [Function("DeclineMeetingRequest")]
    public Task<IActionResult> Decline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations/{registrationId}/meeting-requests/{requestId}/decline")] HttpRequest request,
        string registrationId, string requestId, CancellationToken cancellationToken)
        => Answer(request, registrationId, requestId, MeetingService.Answer.Decline, cancellationToken);

    [Function("WithdrawMeetingRequest")]
    public Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations/{registrationId}/meeting-requests/{requestId}/withdraw")] HttpRequest request,
        string registrationId, string requestId, CancellationToken cancellationToken)
        => Answer(request, registrationId, requestId, MeetingService.Answer.Withdraw, cancellationToken);

    private Task<IActionResult> Answer(HttpRequest request, string registrationId, string requestId, MeetingService.Answer answer, CancellationToken cancellationToken)
        => Guarded(request, async token =>
        {
            var result = await meetings.AnswerAsync(registrationId, token, requestId, answer, cancellationToken);
            return result.Value is { } changed
                ? ApiResults.Ok(new MeetingRequestStateResponse(changed.Id, Domain.Common.Enums.Name(changed.State)))
                : MeetingAnswers.Refused(result, "No such registration or meeting request.");
        });

    [Function("GetAgenda")]
    public Task<IActionResult> Agenda(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}/agenda")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => Guarded(request, async token =>
        {
            var result = await meetings.AgendaAsync(registrationId, token, cancellationToken);
            return result.Value is { } items ? ApiResults.Ok(new AgendaResponse(items.Select(AgendaItemResponse.From).ToArray())) : MeetingAnswers.Refused(result);
        });

    [Function("GetAgendaCalendar")]
    public Task<IActionResult> AgendaCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}/agenda.ics")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => Guarded(request, async token =>
        {
            var result = await meetings.AgendaCalendarAsync(registrationId, token, cancellationToken);
            return result.Value is { } calendar
                ? ApiResults.File(Encoding.UTF8.GetBytes(calendar), Domain.Calendar.EventCalendar.ContentType + "; charset=utf-8", MeetingCalendar.FileName)
                : MeetingAnswers.Refused(result);
        });

    [Function("PutMeetingOutcome")]
    public Task<IActionResult> Outcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "registrations/{registrationId}/meetings/{requestId}/outcome")] HttpRequest request,
        string registrationId, string requestId, CancellationToken cancellationToken)
        => WithBody<MeetingOutcomeInput>(request, cancellationToken, async (token, input) =>
        {
            var result = await meetings.TellOutcomeAsync(registrationId, token, requestId, input, cancellationToken);
            if (result.Value is not { } changed)
            {
                return MeetingAnswers.Refused(result, "No such registration or meeting.");
            }
            var mine = changed.FromRegistrationId == registrationId ? changed.FromOutcome! : changed.ToOutcome!;
            return ApiResults.Ok(new MeetingOutcomeSaved(changed.Id, mine.Held, mine.Topic, mine.NextStep));
        });

    /// <summary>The token only from the header (refused in the URL), the body inside the app's one exception handler.</summary>
    private Task<IActionResult> Guarded(HttpRequest request, Func<string?, Task<IActionResult>> handle)
        => StorageFailures.GuardAsync(logger, () => ManageTokenTransport.OfferedInQuery(request)
            ? Task.FromResult(ManageTokenTransport.RefusedInQuery())
            : handle(ManageTokenTransport.FromHeader(request)));

    private Task<IActionResult> WithBody<T>(HttpRequest request, CancellationToken cancellationToken, Func<string?, T, Task<IActionResult>> handle) where T : class
        => Guarded(request, async token =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<T>(body!.Text);
            return input is null ? invalid! : await handle(token, input);
        });
}
