using System.Text.Json.Serialization;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Email;

/// <summary>One message in the poison queue: what it names (ids only, never an address), and when it failed.</summary>
public sealed record UndeliveredEmail(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("eventId")] string? EventId,
    [property: JsonPropertyName("registrationId")] string? RegistrationId,
    [property: JsonPropertyName("clusterId")] string? ClusterId,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("failedAt")] DateTimeOffset? FailedAt);

public sealed record UndeliveredEmailList([property: JsonPropertyName("items")] IReadOnlyList<UndeliveredEmail> Items);

/// <summary>The emails whose queue message failed every attempt: a port, so a test can make it fail.</summary>
public interface IUndeliveredEmails
{
    Task<IReadOnlyList<UndeliveredEmail>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Reads the poison queue without taking its messages (the oldest 32, the most a peek shows).</summary>
public sealed class PoisonQueueEmails(EmailQueues queues) : IUndeliveredEmails
{
    /// <summary>host.json <c>extensions.queues.maxDequeueCount</c>, which the host and DevHost obey; the poison-queue test checks the two agree.</summary>
    public const int MaxDequeueCount = 5;

    public async Task<IReadOnlyList<UndeliveredEmail>> ListAsync(CancellationToken cancellationToken)
    {
        var poison = await queues.PoisonAsync(cancellationToken);
        var peeked = await poison.PeekMessagesAsync(32, cancellationToken);
        // A gathered message lists each email it names, under the one message id.
        return peeked.Value.SelectMany(m =>
        {
            var message = EmailQueueMessage.Parse(m.Body.ToString());
            var emails = message?.RegistrationEmails ?? [];
            return emails.Count == 0
                ? [new UndeliveredEmail(m.MessageId, message?.Kind, null, null, message?.ClusterId, MaxDequeueCount, m.InsertedOn)]
                : emails.Select(e => new UndeliveredEmail(m.MessageId, e.Kind, e.EventId, e.RegistrationId, null, MaxDequeueCount, m.InsertedOn));
        }).ToArray();
    }
}

/// <summary>
/// <c>GET /api/manage/emails/undelivered</c>: the emails in the poison queue. A registration email among
/// them is still owed and goes out with the next sweep; a decision email is sent again when the decision
/// is made again.
/// </summary>
public sealed class UndeliveredEmailFunctions(IUndeliveredEmails undelivered, ILogger<UndeliveredEmailFunctions> logger)
{
    [Function("ListUndeliveredEmails")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "manage/emails/undelivered")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            ApiResults.Ok(new UndeliveredEmailList(await undelivered.ListAsync(cancellationToken))));
}
