using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Registrations;

/// <summary>Organisers issuing, listing and revoking the invitation codes of invited events.</summary>
public sealed partial class InvitationFunctions(
    InvitationService invitations,
    IOptions<RegistrationOptions> options,
    ILogger<InvitationFunctions> logger)
{
    private const long MaxInvitationBytes = 8 * 1024;

    [Function("IssueInvitation")]
    public Task<IActionResult> Issue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/invitations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxInvitationBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<InvitationInput>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            return await invitations.IssueAsync(eventId, input, cancellationToken) switch
            {
                IssueInvitationOutcome.EventNotFound => ApiResults.NotFound("No such event."),
                IssueInvitationOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                IssueInvitationOutcome.Issued issued => Issued(eventId, issued),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("ListInvitations")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/invitations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            await invitations.ListAsync(eventId, cancellationToken) is { } list
                ? ApiResults.Ok(new InvitationList(list.Select(InvitationRecord.From).ToArray()))
                : ApiResults.NotFound("No such event."));

    [Function("RevokeInvitation")]
    public Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/events/{eventId}/invitations/{invitationId}")] HttpRequest request,
        string eventId,
        string invitationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            await invitations.RevokeAsync(eventId, invitationId, cancellationToken)
                ? ApiResults.NoContent()
                : ApiResults.NotFound("No such invitation."));

    /// <summary>Invitations go with their event's registrations, on the same schedule and retention.</summary>
    [Function("PurgeInvitations")]
    public async Task Purge([TimerTrigger("%Registrations:PurgeSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var deleted = await invitations.PurgeAsync(options.Value.RetentionAfterEvent, cancellationToken);
        LogPurged(deleted);
    }

    private static IActionResult Issued(string eventId, IssueInvitationOutcome.Issued issued)
    {
        var result = ApiResults.Created($"/api/manage/events/{eventId}/invitations/{issued.Invitation.Id}", IssuedInvitation.From(issued.Invitation, issued.Code));
        // The code is shown once: no cache may keep it.
        result.Headers["Cache-Control"] = "no-store";
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} invitations past their retention time")]
    private partial void LogPurged(int count);
}
