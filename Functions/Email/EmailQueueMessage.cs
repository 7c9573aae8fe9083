using System.Text.Json;
using System.Text.Json.Serialization;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Email;

/// <summary>One registration email named in a message: ids only, and the waiting-list place it tells.</summary>
public sealed record QueuedEmail
{
    [JsonPropertyName("registrationId")] public string? RegistrationId { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("instance")] public string? Instance { get; init; }
    [JsonPropertyName("position")] public int? WaitlistPosition { get; init; }
    /// <summary>The admission batch whose shared record holds the email (<see cref="Domain.Registrations.PendingEmail.Batch"/>).</summary>
    [JsonPropertyName("batch")] public string? Batch { get; init; }

    public static QueuedEmail For(PendingEmail email, int? waitlistPosition = null)
        => new() { RegistrationId = email.RegistrationId, Kind = Enums.Name(email.Kind), Instance = email.Instance, WaitlistPosition = waitlistPosition, Batch = email.Batch };

    /// <summary>The pending email named; null for a malformed entry. Computed: never written into the message.</summary>
    [JsonIgnore]
    public PendingEmail? PendingEmail => RegistrationId is { Length: > 0 } id && Enums.Parse<RegistrationEmailKind>(Kind) is { } kind
                                         && (Batch is null || Storage.PendingEmailBatches.IsBatch(Batch))
        ? new PendingEmail(id, kind, Instance) { Batch = Batch }
        : null;

    /// <summary>The event the email belongs to (the registration id names it).</summary>
    [JsonIgnore]
    public string? EventId => RegistrationId is null ? null : RegistrationIds.EventIdOf(RegistrationId);
}

/// <summary>
/// What a delivery queue message carries: ids only, never an address or a name (queue messages are
/// kept, and poison messages shown to organisers). Either registration emails gathered into one message
/// (<see cref="Emails"/>), one registration email (<see cref="RegistrationId"/>, <see cref="Kind"/>,
/// <see cref="Instance"/>), or a cluster's decision (<see cref="ClusterId"/>, <see cref="ReviewedAt"/>).
/// </summary>
public sealed record EmailQueueMessage
{
    [JsonPropertyName("emails")] public IReadOnlyList<QueuedEmail>? Emails { get; init; }
    [JsonPropertyName("registrationId")] public string? RegistrationId { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("instance")] public string? Instance { get; init; }
    /// <summary>A waiting-list email's place, as the registration's answer gave it.</summary>
    [JsonPropertyName("position")] public int? WaitlistPosition { get; init; }
    [JsonPropertyName("clusterId")] public string? ClusterId { get; init; }
    [JsonPropertyName("reviewedAt")] public DateTimeOffset? ReviewedAt { get; init; }
    /// <summary>An introduction whose owed emails are to be sent (the introduction knows which).</summary>
    [JsonPropertyName("introductionId")] public string? IntroductionId { get; init; }

    /// <summary>A message of one email; one held in a batch's shared record goes in the gathered shape, which names the batch.</summary>
    public static EmailQueueMessage For(PendingEmail email, int? waitlistPosition = null) => email.Batch is not null
        ? ForBatch([QueuedEmail.For(email, waitlistPosition)])
        : new() { RegistrationId = email.RegistrationId, Kind = Enums.Name(email.Kind), Instance = email.Instance, WaitlistPosition = waitlistPosition };

    public static EmailQueueMessage ForBatch(IReadOnlyList<QueuedEmail> emails) => new() { Emails = emails };

    /// <summary>Every registration email the message names, gathered or single. Computed: never written into the message.</summary>
    [JsonIgnore]
    public IReadOnlyList<QueuedEmail> RegistrationEmails => Emails?.OfType<QueuedEmail>().ToList()
        ?? (RegistrationId is null ? [] : [new QueuedEmail { RegistrationId = RegistrationId, Kind = Kind, Instance = Instance, WaitlistPosition = WaitlistPosition }]);

    public static EmailQueueMessage ForDecision(string clusterId, DateTimeOffset reviewedAt)
        => new() { ClusterId = clusterId, Kind = "clusterDecision", ReviewedAt = reviewedAt };

    public static EmailQueueMessage ForIntroduction(string introductionId) => new() { IntroductionId = introductionId, Kind = "introduction" };


    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Null for a message that is not of this shape.</summary>
    public static EmailQueueMessage? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<EmailQueueMessage>(text, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
