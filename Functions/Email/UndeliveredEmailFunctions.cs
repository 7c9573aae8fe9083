using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
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
    [property: JsonPropertyName("failedAt")] DateTimeOffset? FailedAt)
{
    /// <summary><c>poisoned</c> (its queue message failed every attempt) or <c>refused</c> (the provider refused it for good).</summary>
    [JsonPropertyName("reason")] public string Reason { get; init; } = Poisoned;

    /// <summary>The provider's HTTP status for a refused email; null for a poisoned one.</summary>
    [JsonPropertyName("statusCode")] public int? StatusCode { get; init; }

    public const string Poisoned = "poisoned";
    public const string Refused = "refused";

    /// <summary>A refusal as listed: its id is the one to retry; one attempt (a refusal is not tried again).</summary>
    public static UndeliveredEmail Of(EmailRefusal refusal) => new(refusal.Id, refusal.Kind, refusal.EventId, refusal.RegistrationId,
        refusal.ClusterId, 1, refusal.RefusedAt) { Reason = Refused, StatusCode = refusal.StatusCode };
}

public sealed record UndeliveredEmailList([property: JsonPropertyName("items")] IReadOnlyList<UndeliveredEmail> Items);

/// <summary>The emails whose queue message failed every attempt: a port, so a test can make it fail.</summary>
public interface IUndeliveredEmails
{
    Task<IReadOnlyList<UndeliveredEmail>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Moves the named message back to the delivery queue; false when the poison queue holds no such message.</summary>
    Task<bool> RetryAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Deletes the messages whose emails are all no longer owed; returns how many.</summary>
    Task<int> PruneAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Reads the poison queue without taking its messages (the oldest 32, the most a peek shows). A registration
/// email there that is no longer owed (the sweep or a retry sent it since, or it was erased or is no longer
/// due) is not listed, nor an introduction whose emails have all gone out (SendOwedIntroductionEmails sends what
/// is owed) or that is gone, nor a cluster decision no longer owed (sent since, superseded, or its contact erased):
/// the list shows what is still undelivered.
/// </summary>
public sealed class PoisonQueueEmails(EmailQueues queues, TablePendingEmailClaims pending, Domain.Cooperation.IIntroductionStore introductions,
    Domain.Catalogue.CatalogueService catalogue) : IUndeliveredEmails
{
    /// <summary>host.json <c>extensions.queues.maxDequeueCount</c>, which the host and DevHost obey; the poison-queue test checks the two agree.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>At most 32 × 32 messages are looked through for one retry.</summary>
    private const int MaxBatches = 32;

    /// <summary>How long the messages looked through stay hidden if making them visible again fails.</summary>
    private static readonly TimeSpan Hidden = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<UndeliveredEmail>> ListAsync(CancellationToken cancellationToken)
    {
        var look = await LookAsync(await queues.PoisonAsync(cancellationToken), cancellationToken);
        // A gathered message lists each email it names, under the one message id; an entry of no known shape stays listed.
        return look.Messages.Where(m => !look.IsStale(m.Message)).SelectMany(m =>
        {
            var emails = m.Message?.RegistrationEmails ?? [];
            return emails.Count == 0
                ? [new UndeliveredEmail(m.Peeked.MessageId, m.Message?.Kind, null, null, m.Message?.ClusterId, MaxDequeueCount, m.Peeked.InsertedOn)]
                : emails.Where(look.Owes)
                    .Select(e => new UndeliveredEmail(m.Peeked.MessageId, e.Kind, e.EventId, e.RegistrationId, null, MaxDequeueCount, m.Peeked.InsertedOn));
        }).ToArray();
    }

    /// <summary>The oldest poison messages as read, and which of what they name is still owed.</summary>
    private sealed record Look(IReadOnlyList<(PeekedMessage Peeked, EmailQueueMessage? Message)> Messages, IReadOnlySet<PendingEmail> Owed,
        IReadOnlySet<string> SettledIntroductions, IReadOnlySet<(string ClusterId, DateTimeOffset ReviewedAt)> SettledDecisions)
    {
        /// <summary>A registration email still owed; one of no known shape counts as owed (it stays listed).</summary>
        public bool Owes(QueuedEmail email) => email.PendingEmail is not { } pending || Owed.Contains(pending);

        /// <summary>A message none of whose emails is owed any more: registration emails all sent (or not due), an introduction or a decision settled.</summary>
        public bool IsStale(EmailQueueMessage? message) => message switch
        {
            { RegistrationEmails: { Count: > 0 } emails } => emails.All(e => e.PendingEmail is not null && !Owes(e)),
            { IntroductionId: { } introduction } => SettledIntroductions.Contains(introduction),
            { ClusterId: { } cluster, ReviewedAt: { } reviewedAt } => SettledDecisions.Contains((cluster, reviewedAt)),
            _ => false,
        };
    }

    /// <summary>Peeks the oldest 32 messages and reads which of their emails are still owed (the list and the prune decide alike).</summary>
    private async Task<Look> LookAsync(QueueClient poison, CancellationToken cancellationToken)
    {
        var messages = (await PeekAsync(poison, cancellationToken)).Select(m => (Peeked: m, Message: EmailQueueMessage.Parse(m.Body.ToString()))).ToList();
        var owed = await pending.StillOwedAsync(
            messages.SelectMany(m => m.Message?.RegistrationEmails ?? []).Select(e => e.PendingEmail).OfType<PendingEmail>().ToList(), cancellationToken);
        return new Look(messages, owed, await SettledIntroductionsAsync(messages.Select(m => m.Message), cancellationToken),
            await SettledDecisionsAsync(messages.Select(m => m.Message), cancellationToken));
    }

    /// <summary>How often, and how long apart, the list looks again while messages are taken out of view for a moment.</summary>
    private const int PeekAttempts = 10;

    private static readonly TimeSpan PeekPause = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The oldest 32 messages. A peek does not show those a prune or a retry has taken for a moment (they show again
    /// within a round trip): while the queue holds more than the peek shows, and it showed fewer than 32, it looks
    /// again, for at most about two seconds. (The count can run high in Azure; the wait is bounded either way.)
    /// </summary>
    private static async Task<PeekedMessage[]> PeekAsync(QueueClient poison, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var peeked = (await poison.PeekMessagesAsync(32, cancellationToken)).Value;
            if (peeked.Length >= 32 || attempt == PeekAttempts
                || (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount <= peeked.Length)
            {
                return peeked;
            }
            await Task.Delay(PeekPause, cancellationToken);
        }
    }

    /// <summary>
    /// Takes the poison queue's visible messages a batch at a time (hidden for a moment, so none is read
    /// twice) until the named one turns up: it is put on the delivery queue first and only then deleted
    /// from the poison queue, so a failure in between leaves it in both (delivery is once per email, so
    /// running it twice sends nothing twice) and never in neither. Every other message taken is made
    /// visible again at once.
    /// </summary>
    public async Task<bool> RetryAsync(string messageId, CancellationToken cancellationToken)
    {
        var poison = await queues.PoisonAsync(cancellationToken);
        var taken = new List<QueueMessage>();
        try
        {
            for (var batch = 0; batch < MaxBatches; batch++)
            {
                var received = (await poison.ReceiveMessagesAsync(32, Hidden, cancellationToken)).Value;
                if (received.Length == 0)
                {
                    return false;
                }
                var found = received.FirstOrDefault(m => m.MessageId == messageId);
                taken.AddRange(received.Where(m => m != found));
                if (found is not null)
                {
                    var delivery = await queues.DeliveryAsync(cancellationToken);
                    await delivery.SendMessageAsync(found.Body, cancellationToken: cancellationToken);
                    await poison.DeleteMessageAsync(found.MessageId, found.PopReceipt, cancellationToken);
                    return true;
                }
            }
            return false;
        }
        finally
        {
            await ShowAgainAsync(poison, taken);
        }
    }

    /// <summary>
    /// Deletes the poison messages whose registration emails are all no longer owed (sent by the sweep or a
    /// retry since, erased, or no longer due), so they cannot crowd newer ones out of the list's 32. Decided on a
    /// peek of the oldest 32, which hides nothing (the list and a retry meanwhile see every message); a later run
    /// reaches further as the front clears. Deleting needs a receipt, which only taking a message gives: each batch
    /// taken is shown again at once, with no table read in between. So is an introduction's whose emails have all
    /// gone out, and a decision's whose email is no longer owed; a message of no known shape is kept. Returns how many it deleted.
    /// </summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var poison = await queues.PoisonAsync(cancellationToken);
        var look = await LookAsync(poison, cancellationToken);
        var stale = look.Messages.Where(m => look.IsStale(m.Message)).Select(m => m.Peeked.MessageId).ToHashSet(StringComparer.Ordinal);
        var pruned = 0;
        for (var batch = 0; batch < MaxBatches && stale.Count > 0; batch++)
        {
            var received = (await poison.ReceiveMessagesAsync(32, Hidden, cancellationToken)).Value;
            if (received.Length == 0)
            {
                break;
            }
            // The others first, all at once: they are out of the list's view only for this round trip.
            var taken = received.Where(m => stale.Contains(m.MessageId)).ToList();
            await ShowAgainAsync(poison, received.Except(taken));
            foreach (var message in taken)
            {
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                stale.Remove(message.MessageId);
                pruned++;
            }
        }
        return pruned;
    }

    /// <summary>The introductions these messages name that owe no email any more (all sent) or are gone: a point read each.</summary>
    private async Task<HashSet<string>> SettledIntroductionsAsync(IEnumerable<EmailQueueMessage?> messages, CancellationToken cancellationToken)
    {
        var settled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in messages.Select(m => m?.IntroductionId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await introductions.GetAsync(id, cancellationToken) is not { Value.OwesEmail: true })
            {
                settled.Add(id);
            }
        }
        return settled;
    }

    /// <summary>The decisions these messages name whose email is no longer owed: a profile read (cached) and a ledger point read each.</summary>
    private async Task<HashSet<(string, DateTimeOffset)>> SettledDecisionsAsync(IEnumerable<EmailQueueMessage?> messages, CancellationToken cancellationToken)
    {
        var settled = new HashSet<(string, DateTimeOffset)>();
        foreach (var decision in messages.Select(m => m is { ClusterId: { } id, ReviewedAt: { } at } ? (id, at) : default((string, DateTimeOffset)?))
                     .OfType<(string Id, DateTimeOffset At)>().Distinct())
        {
            if (!await catalogue.IsDecisionEmailOwedAsync(decision.Id, decision.At, cancellationToken))
            {
                settled.Add(decision);
            }
        }
        return settled;
    }

    /// <summary>Makes messages taken for a look visible again; not on the caller's token, so they come back even when it has gone.</summary>
    private static Task ShowAgainAsync(QueueClient poison, IEnumerable<QueueMessage> taken)
        => Task.WhenAll(taken.Select(async message =>
        {
            try
            {
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Gone meanwhile, or its receipt is stale: it shows again once its short hiding ends.
            }
        }));
}

/// <summary>
/// <c>GET /api/manage/emails/undelivered</c>: the emails in the poison queue (<c>poisoned</c>), then those
/// the provider refused for good (<c>refused</c>, with its status). A poisoned registration email is still
/// owed and goes out with the next sweep; a poisoned decision email is sent again when the decision is made
/// again; a refused one goes out again only when an organiser retries it.
/// </summary>
public sealed class UndeliveredEmailFunctions(IUndeliveredEmails undelivered, IEmailRefusalStore refusals, RefusedEmailService refused,
    ILogger<UndeliveredEmailFunctions> logger)
{
    [Function("ListUndeliveredEmails")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/emails/undelivered")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            ApiResults.Ok(new UndeliveredEmailList([
                .. await undelivered.ListAsync(cancellationToken),
                .. (await refusals.ListAsync(cancellationToken)).Select(UndeliveredEmail.Of)])));

    /// <summary>
    /// <c>POST /api/manage/emails/undelivered/{messageId}/retry</c>: the message goes back to the delivery
    /// queue, where <c>DeliverEmail</c> runs it again (with the host's attempts anew) → <c>202</c>; an id the
    /// poison queue does not hold → <c>404</c>. A refused email's id owes the email again (a new pending
    /// email and its queue message; a decision queued again) and forgets the refusal → <c>202</c>; a refused
    /// event-change notice or organiser's message → <c>409</c> (its row names what it tells: it cannot be owed twice).
    /// </summary>
    [Function("RetryUndeliveredEmail")]
    public Task<IActionResult> Retry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/emails/undelivered/{messageId}/retry")] HttpRequest request,
        string messageId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            (messageId.StartsWith(EmailRefusal.IdPrefix, StringComparison.Ordinal)
                ? await refused.RetryAsync(messageId, cancellationToken)
                : await undelivered.RetryAsync(messageId, cancellationToken) ? RefusalRetry.Queued : RefusalRetry.NotFound) switch
            {
                RefusalRetry.Queued => ApiResults.Accepted(new { messageId, status = "queued" }),
                RefusalRetry.NotRetryable => ApiResults.Conflict("An event-change notice or an organiser's message cannot be sent again on its own: a later notice or message tells the event as it is."),
                _ => ApiResults.NotFound("No undelivered email with this id."),
            });
}
