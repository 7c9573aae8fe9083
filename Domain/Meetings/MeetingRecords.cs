namespace ClustersCord.Domain.Meetings;

/// <summary>
/// A confirmed registrant taking part in an event's bilateral meetings. <see cref="ParticipantId"/> is what
/// other participants see: random, never the registration id (which with its token opens the registration).
/// </summary>
public sealed record MeetingProfile
{
    public required string EventId { get; init; }
    public required string RegistrationId { get; init; }
    public required string ParticipantId { get; init; }
    public string? ClusterId { get; init; }
    public IReadOnlyList<string> Offers { get; init; } = [];
    public IReadOnlyList<string> Needs { get; init; } = [];
    /// <summary>Indexes into the event's meeting sessions the person is available for.</summary>
    public IReadOnlyList<int> Sessions { get; init; } = [];
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>How many requests the person has sent (withdrawn ones too): the limit counts these.</summary>
    public int RequestsSent { get; init; }
}

public enum MeetingRequestState
{
    Open,
    Accepted,
    Declined,
    Withdrawn,
    /// <summary>Not stored: a request whose either side's registration is no longer confirmed has ended.</summary>
    Ended,
}

/// <summary>How a meeting went, as one side tells it after its start.</summary>
public sealed record MeetingOutcome(bool Held, string? Topic, string? NextStep, DateTimeOffset At);

/// <summary>
/// One person asking another for a meeting; once accepted, its placement (slot and 0-based table) is the
/// published schedule. The request and its placement are one row, so no write can change one without the other.
/// </summary>
public sealed record MeetingRequest
{
    public required string Id { get; init; }
    public required string EventId { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string FromRegistrationId { get; init; }
    public required string ToRegistrationId { get; init; }
    public string Message { get; init; } = "";
    public required MeetingRequestState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>When the request was accepted (it may have stood in a calendar since); null if it never was, or before 2026-11-28.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
    /// <summary>A random id of the answer that last changed the request: its email names it, so the email goes only if that answer committed.</summary>
    public string? ChangeId { get; init; }
    public int? Slot { get; init; }
    public int? Table { get; init; }
    /// <summary>A scheduler run took the meeting off the schedule (so it may stand in a calendar); false again once placed.</summary>
    public bool TakenOff { get; init; }
    public MeetingOutcome? FromOutcome { get; init; }
    public MeetingOutcome? ToOutcome { get; init; }

    /// <summary>While open or accepted, no second request may be made between the same two people.</summary>
    public bool HoldsPair => State is MeetingRequestState.Open or MeetingRequestState.Accepted;

    public bool IsPlaced => Slot is not null && Table is not null;

    /// <summary>Whether the request is placed in a slot of <paramref name="slots"/> that has begun by <paramref name="now"/>: history, kept as it is.</summary>
    public bool HasBegun(IReadOnlyList<Programme.MeetingSlot> slots, DateTimeOffset now) => Slot is { } slot && slot < slots.Count && slots[slot].StartsAt <= now;

    public bool Involves(string participantId) => From == participantId || To == participantId;

    public string Other(string participantId) => From == participantId ? To : From;

    /// <summary>The registration of the other side than <paramref name="participantId"/>.</summary>
    public string OtherRegistrationId(string participantId) => From == participantId ? ToRegistrationId : FromRegistrationId;
}

/// <summary>Where a scheduler run puts a request: a slot and a 0-based table, or nowhere (both null).</summary>
public sealed record PlacementChange(string RequestId, int? Slot, int? Table)
{
    public bool IsRemoval => Slot is null || Table is null;

    /// <summary>
    /// The request as this change leaves it: placed only while it is still accepted, taken off only while it
    /// is placed; null when there is nothing to write (no longer accepted, or already where it is asked to be).
    /// </summary>
    public MeetingRequest? Apply(MeetingRequest request)
    {
        var after = !IsRemoval && request.State == MeetingRequestState.Accepted ? request with { Slot = Slot, Table = Table, TakenOff = false }
            : IsRemoval && request.IsPlaced ? request with { Slot = null, Table = null, TakenOff = true }
            : null;
        return after is null || after.Slot == request.Slot && after.Table == request.Table ? null : after;
    }
}

public enum RequestAddition
{
    Added,
    /// <summary>The sender has sent as many requests as the event allows.</summary>
    LimitReached,
    /// <summary>An open or accepted request between the two already exists.</summary>
    AlreadyBetween,
    /// <summary>The sender's profile is gone (or changed under the write too often).</summary>
    NoProfile,
}

/// <summary>Where meeting profiles and requests are kept: one partition per event.</summary>
public interface IMeetingStore
{
    Task<MeetingProfile?> GetProfileAsync(string eventId, string registrationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<MeetingProfile>> ProfilesAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Creates the profile or changes its fields, keeping its participant id and request count; returns it as stored.</summary>
    Task<MeetingProfile> SaveProfileAsync(MeetingProfile profile, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a request in one transaction with the sender's count (under the profile's ETag, so the limit
    /// holds however many are sent at once) and the pair's marker (so two open requests between the same
    /// people cannot both be added).
    /// </summary>
    Task<RequestAddition> AddRequestAsync(MeetingRequest request, int limit, CancellationToken cancellationToken);

    Task<MeetingRequest?> GetRequestAsync(string eventId, string requestId, CancellationToken cancellationToken);

    Task<IReadOnlyList<MeetingRequest>> RequestsAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a request under its ETag: <paramref name="change"/> is applied to the stored request (again
    /// after a concurrent write) and returns the new request, or null to leave it. The pair's marker goes in
    /// the same transaction when the request stops holding the pair.
    /// </summary>
    /// <returns>The request before and after; null when unknown; After null when <paramref name="change"/> left it.</returns>
    Task<(MeetingRequest Before, MeetingRequest? After)?> ChangeRequestAsync(string eventId, string requestId,
        Func<MeetingRequest, MeetingRequest?> change, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes a scheduler run's placements: a placement is written only while its request is still accepted,
    /// a removal only while the request is placed, each under the row's ETag. Up to 100 rows go in one
    /// entity-group transaction; more go in two phases (every placed request that moves or leaves comes off the
    /// schedule, then the placements are written), so no reader ever sees two meetings at one table or one
    /// person twice in a slot. A transaction that lost a race is read again.
    /// </summary>
    /// <returns>The requests as written (those already as asked, or no longer accepted, are left and not returned).</returns>
    Task<IReadOnlyList<MeetingRequest>> PublishAsync(string eventId, IReadOnlyList<PlacementChange> changes, CancellationToken cancellationToken);

    /// <summary>Takes the event's scheduling lease (one run at a time); null while another run holds it. Returns the run's number.</summary>
    Task<int?> ClaimScheduleRunAsync(string eventId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    Task ReleaseScheduleRunAsync(string eventId, int run, CancellationToken cancellationToken);

    /// <summary>Erasure: blanks what these registrations' people wrote (profile topics, messages, outcome texts). Returns the rows changed.</summary>
    Task<int> ForgetAsync(string eventId, IReadOnlyCollection<string> registrationIds, CancellationToken cancellationToken);
}
