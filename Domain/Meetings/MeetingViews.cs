using ClustersCord.Domain.Catalogue;

namespace ClustersCord.Domain.Meetings;

/// <summary>Why a meeting operation was refused; each maps to one documented answer.</summary>
public enum MeetingRefusal
{
    /// <summary>Unknown registration, wrong token, or unknown request: the same answer.</summary>
    NotFound,
    /// <summary>The event offers no meetings.</summary>
    NoMeetings,
    /// <summary>Only confirmed registrations take part.</summary>
    NotConfirmed,
    /// <summary>The person has not opted in (no profile yet).</summary>
    NoProfile,
    Invalid,
    /// <summary>Only the invited side may accept or decline.</summary>
    NotInvited,
    /// <summary>The request is not in a state that allows this (already answered, withdrawn, ended).</summary>
    WrongState,
    LimitReached,
    AlreadyBetween,
    /// <summary>The meeting has not started yet (an outcome is told afterwards).</summary>
    TooEarly,
    /// <summary>Another scheduler run for the event is under way.</summary>
    ScheduleRunning,
    /// <summary>The event is cancelled: its meetings are off.</summary>
    EventCancelled,
}

public sealed record MeetingResult<T>(T? Value, MeetingRefusal? Refusal, Common.ValidationErrors? Errors = null, string? Detail = null)
{
    public static MeetingResult<T> Ok(T value) => new(value, null);

    public static MeetingResult<T> Refused(MeetingRefusal refusal, string? detail = null) => new(default, refusal, null, detail);

    public static MeetingResult<T> Invalid(Common.ValidationErrors errors) => new(default, MeetingRefusal.Invalid, errors);
}

/// <summary>What a participant asks for when opting in (before validation).</summary>
public sealed record MeetingProfileInput
{
    public string? ClusterId { get; init; }
    public List<string?>? Offers { get; init; }
    public List<string?>? Needs { get; init; }
    public List<int>? Sessions { get; init; }
}

public sealed record MeetingRequestInput
{
    public string? To { get; init; }
    public string? Message { get; init; }
}

public sealed record MeetingOutcomeInput
{
    public bool? Held { get; init; }
    public string? Topic { get; init; }
    public string? NextStep { get; init; }
}

/// <summary>Another participant as the participants list shows them: never an email address, never a registration id.</summary>
public sealed record ParticipantView(
    string ParticipantId, string Name, string Organisation, string? ClusterId, string Country,
    IReadOnlyList<string> Offers, IReadOnlyList<string> Needs, int? Score, IReadOnlyList<MatchReason>? Reasons);

public sealed record ParticipantSummary(string ParticipantId, string Name, string Organisation, string? ClusterId)
{
    /// <summary>"Name, organisation, cluster" (what is known), as the meeting emails and calendar files name the other person.</summary>
    public string Describe() => string.Join(", ", new[] { Name, Organisation, ClusterId }.Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>As <see cref="Describe()"/>, or <paramref name="unnamed"/> when nothing is known (a person erased since).</summary>
    public string DescribeOr(string unnamed) => Describe() is { Length: > 0 } known ? known : unnamed;
}

/// <summary>One of my requests: sent or received, its state as it stands, and the other person.</summary>
public sealed record MyRequestView(
    string RequestId, string Direction, MeetingRequestState State, ParticipantSummary With, string Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartsAt, int? Table);

public sealed record AgendaItem(string RequestId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Table, ParticipantSummary With);

public sealed record ScheduledMeeting(
    string RequestId, IReadOnlyList<ParticipantSummary> People, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Table,
    IReadOnlyList<ToldOutcome> Outcomes);

/// <summary>An event's slots × tables and the published meetings in them (times of <see cref="Meetings"/> at the event's offset; slots as instants).</summary>
public sealed record MeetingGrid(Programme.Event Event, IReadOnlyList<Programme.MeetingSlot> Slots, int Tables, IReadOnlyList<ScheduledMeeting> Meetings);

/// <summary>An outcome and who told it.</summary>
public sealed record ToldOutcome(string ParticipantId, MeetingOutcome Outcome);

public sealed record ScheduleReport(int Scheduled, int UpperBound, bool Optimal, int Greedy, double Seconds, int Notified);

/// <summary>The scheduler's time limit (<c>Meetings:SolverSeconds</c>).</summary>
public sealed record MeetingSchedulingSettings(TimeSpan SolverTime);
