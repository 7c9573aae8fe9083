namespace ClustersCord.Domain.Email;

/// <summary>
/// One message for one or more recipients. Per-recipient values (name, manage link) are written in the
/// bodies and subject as <c>{{key}}</c> placeholders and filled per recipient by the provider; the keys
/// carry a nonce of the render (<see cref="Placeholders"/>), so typed text cannot spell one.
/// </summary>
public sealed record EmailMessage(
    string Subject,
    string HtmlBody,
    string TextBody,
    IReadOnlyList<EmailRecipient> Recipients,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? Category = null);

/// <summary>A recipient, the values for the placeholders, and headers of their own (List-Unsubscribe).</summary>
public sealed record EmailRecipient(
    string Email,
    string? Name,
    IReadOnlyDictionary<string, string>? Values = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <param name="ContentId">
/// Set for an inline image the HTML part shows as <c>cid:{ContentId}</c> (shown by mail clients that block
/// remote images); null for an ordinary attachment.
/// </param>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content, string? ContentId = null);

/// <summary>What became of each recipient of a message.</summary>
public sealed record EmailSendOutcome(IReadOnlyList<RecipientOutcome> Recipients)
{
    public bool AllAccepted => Recipients.All(r => r.Status == DeliveryStatus.Accepted);
}

public sealed record RecipientOutcome(string Email, DeliveryStatus Status, string? Reason = null)
{
    /// <summary>The provider's HTTP status, when it answered.</summary>
    public int? StatusCode { get; init; }
}

public enum DeliveryStatus
{
    /// <summary>The provider accepted the message for delivery.</summary>
    Accepted,
    /// <summary>The provider could not be reached or asked us to come back later; try again later.</summary>
    Transient,
    /// <summary>The provider refused the message; trying again will not help.</summary>
    Refused,
}
