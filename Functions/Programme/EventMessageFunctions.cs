using ClustersCord.Domain.Audit;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Programme;

/// <summary>Organisers writing to an event's participants: preview, send (queued delivery), and the record of what was sent.</summary>
public sealed class EventMessageFunctions(EventMessageService messages, Audiences audiences, ILogger<EventMessageFunctions> logger)
{
    /// <summary>Subject and body in up to 8 languages: far below this.</summary>
    private const long MaxMessageBytes = 512 * 1024;

    [Function("SendEventMessage")]
    public Task<IActionResult> Send(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/messages")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (input, problem) = await ReadAsync(request, cancellationToken);
            if (input is null)
            {
                return problem!;
            }
            var sentBy = audiences.Identify(request).Who ?? AuditEntry.OrganiserKey;
            return await messages.SendAsync(eventId, input, sentBy, cancellationToken) switch
            {
                MessageOutcome.EventNotFound => ApiResults.NotFound("No such event."),
                MessageOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                MessageOutcome.Sent s => ApiResults.Accepted(new MessageSent(s.Message.Id, s.Message.Recipients)),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("PreviewEventMessage")]
    public Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/events/{eventId}/messages/preview")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (input, problem) = await ReadAsync(request, cancellationToken);
            if (input is null)
            {
                return problem!;
            }
            return await messages.PreviewAsync(eventId, input, cancellationToken) switch
            {
                MessageOutcome.EventNotFound => ApiResults.NotFound("No such event."),
                MessageOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                MessageOutcome.Previewed p => ApiResults.Ok(new { items = p.Items }),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("ListEventMessages")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/messages")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var sent = await messages.ListAsync(eventId, cancellationToken);
            return sent is null
                ? ApiResults.NotFound("No such event.")
                : ApiResults.Ok(new { items = sent.Select(m => new SentMessage(m.Id, m.SentAt, m.SentBy, Enums.Name(m.To), m.Subject, m.Recipients)).ToArray() });
        });

    private static async Task<(EventMessageInput? Input, IActionResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, MaxMessageBytes, RequestBody.Json, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }
        return JsonInput.Read<EventMessageInput>(body!.Text);
    }
}

public sealed record MessageSent(string MessageId, int Recipients);

public sealed record SentMessage(string MessageId, DateTimeOffset SentAt, string SentBy, string To, IReadOnlyDictionary<string, string> Subject, int Recipients);
