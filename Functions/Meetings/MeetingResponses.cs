using System.Text.Json.Serialization;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Meetings;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Meetings;

public sealed record MeetingProfileResponse(string ParticipantId, string? ClusterId, IReadOnlyList<string> Offers, IReadOnlyList<string> Needs, IReadOnlyList<int> Sessions)
{
    public static MeetingProfileResponse From(MeetingProfile p) => new(p.ParticipantId, p.ClusterId, p.Offers, p.Needs, p.Sessions);
}

public sealed record MatchReasonResponse(string Kind, string Topic);

public sealed record ParticipantResponse(
    string ParticipantId, string Name, string Organisation, string? ClusterId, string Country, IReadOnlyList<string> Offers, IReadOnlyList<string> Needs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MatchReasonResponse>? Reasons)
{
    public static ParticipantResponse From(ParticipantView p) => new(p.ParticipantId, p.Name, p.Organisation, p.ClusterId, p.Country, p.Offers, p.Needs,
        p.Score, p.Reasons?.Select(r => new MatchReasonResponse(Enums.Name(r.Kind), r.Topic)).ToArray());
}

public sealed record ParticipantList(IReadOnlyList<ParticipantResponse> Items);

public sealed record ParticipantSummaryResponse(string ParticipantId, string Name, string Organisation, string? ClusterId)
{
    public static ParticipantSummaryResponse From(ParticipantSummary p) => new(p.ParticipantId, p.Name, p.Organisation, p.ClusterId);
}

public sealed record MeetingRequestCreated(string RequestId, string State);

public sealed record MeetingRequestStateResponse(string RequestId, string State);

public sealed record MyRequestResponse(
    string RequestId, string Direction, string State, ParticipantSummaryResponse With, string Message, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartsAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Table)
{
    public static MyRequestResponse From(MyRequestView r) => new(r.RequestId, r.Direction, Enums.Name(r.State), ParticipantSummaryResponse.From(r.With),
        r.Message, r.CreatedAt, r.StartsAt, r.Table);
}

public sealed record MyRequestList(IReadOnlyList<MyRequestResponse> Items);

public sealed record AgendaItemResponse(string RequestId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Table, ParticipantSummaryResponse With)
{
    public static AgendaItemResponse From(AgendaItem a) => new(a.RequestId, a.StartsAt, a.EndsAt, a.Table, ParticipantSummaryResponse.From(a.With));
}

public sealed record AgendaResponse(IReadOnlyList<AgendaItemResponse> Items);

public sealed record OutcomeResponse(string ParticipantId, bool Held, string? Topic, string? NextStep, DateTimeOffset At);

public sealed record MeetingOutcomeSaved(string RequestId, bool Held, string? Topic, string? NextStep);

public sealed record ScheduledMeetingResponse(
    string RequestId, IReadOnlyList<string> Participants, IReadOnlyList<ParticipantSummaryResponse> People,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Table, IReadOnlyList<OutcomeResponse> Outcomes)
{
    public static ScheduledMeetingResponse From(ScheduledMeeting m) => new(m.RequestId, m.People.Select(p => p.ParticipantId).ToArray(),
        m.People.Select(ParticipantSummaryResponse.From).ToArray(), m.StartsAt, m.EndsAt, m.Table,
        m.Outcomes.Select(o => new OutcomeResponse(o.ParticipantId, o.Outcome.Held, o.Outcome.Topic, o.Outcome.NextStep, o.Outcome.At)).ToArray());
}

public sealed record ScheduledMeetingList(IReadOnlyList<ScheduledMeetingResponse> Items);

public sealed record ScheduleResponse(int Scheduled, int UpperBound, bool Optimal, int Greedy, double Seconds, int Notified)
{
    public static ScheduleResponse From(ScheduleReport r) => new(r.Scheduled, r.UpperBound, r.Optimal, r.Greedy, Math.Round(r.Seconds, 3), r.Notified);
}

/// <summary>How a refused meeting operation answers: one place, so every route documents the same statuses.</summary>
public static class MeetingAnswers
{
    public static IActionResult Refused<T>(MeetingResult<T> result, string notFound = "No such registration.") => result.Refusal switch
    {
        MeetingRefusal.Invalid => ApiResults.ValidationProblem(result.Errors!.ToDictionary()),
        MeetingRefusal.NotFound => ApiResults.NotFound(notFound),
        MeetingRefusal.NoMeetings => ApiResults.Conflict("This event offers no bilateral meetings."),
        MeetingRefusal.NotConfirmed => ApiResults.Conflict("Only confirmed registrations take part in the meetings."),
        MeetingRefusal.NoProfile => ApiResults.Conflict("Take part first: PUT your meeting profile."),
        MeetingRefusal.NotInvited => ApiResults.Forbidden("Only the person invited can accept or decline a request; the sender can withdraw it."),
        MeetingRefusal.LimitReached => ApiResults.Conflict(result.Detail ?? "You have sent as many meeting requests as this event allows."),
        MeetingRefusal.AlreadyBetween => ApiResults.Conflict(result.Detail ?? "A meeting request between you two is already open or accepted."),
        MeetingRefusal.TooEarly => ApiResults.Conflict(result.Detail ?? "The meeting has not started yet."),
        MeetingRefusal.ScheduleRunning => ApiResults.Conflict("The scheduler is already running for this event; try again when it has finished."),
        MeetingRefusal.EventCancelled => ApiResults.Conflict("The event is cancelled: its meetings are off."),
        _ => ApiResults.Conflict(result.Detail ?? "The request does not allow this in its present state."),
    };
}
