using System.Security.Cryptography;
using System.Text;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Email;

/// <summary>
/// An email the provider refused for good (a 4xx other than 429): ids only, never an address or a name,
/// kept so that organisers see it and may send it again. Either a registration email
/// (<see cref="RegistrationId"/>, <see cref="Kind"/>, <see cref="Instance"/>) or a cluster's decision
/// (<see cref="ClusterId"/>, <see cref="ReviewedAt"/>).
/// </summary>
public sealed record EmailRefusal(
    string Id,
    string Kind,
    string? EventId,
    string? RegistrationId,
    string? Instance,
    string? ClusterId,
    DateTimeOffset? ReviewedAt,
    int? StatusCode,
    DateTimeOffset RefusedAt)
{
    public const string IdPrefix = "refused-";

    /// <summary>The decision email's kind, as queue messages name it.</summary>
    public const string DecisionKind = "clusterDecision";

    public static EmailRefusal Of(PendingEmail email, int? statusCode, DateTimeOffset now)
        => new(IdOf("r|" + email.RegistrationId + "|" + Enums.Name(email.Kind) + "|" + email.Instance), Enums.Name(email.Kind),
            RegistrationIds.EventIdOf(email.RegistrationId), email.RegistrationId, email.Instance, null, null, statusCode, now);

    public static EmailRefusal OfDecision(string clusterId, DateTimeOffset reviewedAt, int? statusCode, DateTimeOffset now)
        => new(IdOf("c|" + clusterId + "|" + reviewedAt.UtcTicks), DecisionKind, null, null, null, clusterId, reviewedAt, statusCode, now);

    /// <summary>The pending email it owes again; null for a decision email (or a kind no longer known).</summary>
    public PendingEmail? PendingEmail => RegistrationId is { } id && Enums.Parse<RegistrationEmailKind>(Kind) is { } kind
        ? new PendingEmail(id, kind, Instance)
        : null;

    /// <summary>One id per email (a refusal recorded twice is one record), safe in a URL and a row key.</summary>
    private static string IdOf(string key)
        => IdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12));
}

/// <summary>The refused emails: recorded by the deliveries, listed and retried by organisers, forgotten on erasure.</summary>
public interface IEmailRefusalStore
{
    /// <summary>Records the refusal (again: the same email keeps one record).</summary>
    Task RecordAsync(EmailRefusal refusal, CancellationToken cancellationToken);

    Task<IReadOnlyList<EmailRefusal>> ListAsync(CancellationToken cancellationToken);

    Task<EmailRefusal?> GetAsync(string id, CancellationToken cancellationToken);

    Task RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes every refusal of these registrations; how many went.</summary>
    Task<int> ForgetRegistrationsAsync(IReadOnlyCollection<string> registrationIds, CancellationToken cancellationToken);
}

public enum RefusalRetry
{
    Queued,
    NotFound,
    /// <summary>An event-change notice or an organiser's message: its row names what it tells, so it cannot be owed twice.</summary>
    NotRetryable,
}

/// <summary>
/// Sends a refused email again: a registration email is owed anew (a pending-email row of its own, then a
/// queue message; the sweep sends it should the message never arrive), a decision email's claim is released
/// and the decision queued again. The refusal record goes only once the email is owed again.
/// </summary>
public sealed class RefusedEmailService(IEmailRefusalStore refusals, IOwedEmailStore owed, IEmailQueue queue,
    IDecisionEmailLedger decisionEmails, TimeProvider time)
{
    public async Task<RefusalRetry> RetryAsync(string id, CancellationToken cancellationToken)
    {
        if (!id.StartsWith(EmailRefusal.IdPrefix, StringComparison.Ordinal)
            || await refusals.GetAsync(id, cancellationToken) is not { } refusal)
        {
            return RefusalRetry.NotFound;
        }
        if (refusal.PendingEmail is { } refused && refusal.EventId is { } eventId)
        {
            if (refused.Kind is RegistrationEmailKind.EventChanged or RegistrationEmailKind.Message)
            {
                return RefusalRetry.NotRetryable;
            }
            var now = time.GetUtcNow();
            // The refused email's row stays marked done until the sweep forgets it: the retry is owed under an
            // instance of its own that still names what the original does (a meeting request, a notice's
            // sequence), and is the same for two retries at once, so it is claimed and sent once.
            var pending = refused.Retry(refusal.RefusedAt);
            await owed.OweAsync(eventId, [pending], now, cancellationToken);
            await refusals.RemoveAsync(id, cancellationToken);
            await queue.EnqueueAsync(pending, null, cancellationToken);
        }
        else if (refusal is { ClusterId: { } clusterId, ReviewedAt: { } reviewedAt })
        {
            await decisionEmails.ReleaseAsync(clusterId, reviewedAt, cancellationToken);
            await queue.EnqueueDecisionAsync(clusterId, reviewedAt, cancellationToken);
            await refusals.RemoveAsync(id, cancellationToken);
        }
        else
        {
            // Names nothing that can be sent: forgotten.
            await refusals.RemoveAsync(id, cancellationToken);
        }
        return RefusalRetry.Queued;
    }
}
