namespace ClustersCord.Domain.Programme;

/// <summary>One block of time at the forum given to bilateral meetings.</summary>
public sealed record MeetingSession(DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>One meeting slot: a piece of a session, numbered over all sessions in time order.</summary>
public sealed record MeetingSlot(int Index, int Session, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// An event's bilateral meetings (issue #17): the sessions, cut into slots of <see cref="SlotMinutes"/>
/// (a remainder shorter than a slot is not used), the tables per slot, and how many requests one person may send.
/// </summary>
public sealed record MeetingSettings(IReadOnlyList<MeetingSession> Sessions, int SlotMinutes, int Tables, int RequestsPerPerson)
{
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 120;
    public const int MaxTables = 500;
    public const int MaxRequestsPerPerson = 200;
    public const int MaxSessions = 20;

    /// <summary>
    /// Whether these settings leave every slot and table of <paramref name="before"/> where it was: the same slot
    /// length, its sessions unchanged and first (new sessions may follow them), and at least
    /// <paramref name="tablesInUse"/> tables. Published meetings are stored by slot number and table, so any
    /// other change would move them to other times or off the grid without anyone being told.
    /// </summary>
    public bool KeepsPlaces(MeetingSettings before, int tablesInUse)
        => SlotMinutes == before.SlotMinutes && Tables >= tablesInUse && Sessions.Count >= before.Sessions.Count
           && before.Sessions.Select((session, i) => Sessions[i] == session).All(same => same);

    /// <summary>Every slot, over all sessions in time order.</summary>
    public IReadOnlyList<MeetingSlot> Slots()
    {
        var slots = new List<MeetingSlot>();
        var length = TimeSpan.FromMinutes(SlotMinutes);
        for (var session = 0; session < Sessions.Count; session++)
        {
            for (var start = Sessions[session].StartsAt; start + length <= Sessions[session].EndsAt; start += length)
            {
                slots.Add(new MeetingSlot(slots.Count, session, start, start + length));
            }
        }
        return slots;
    }
}

/// <summary>The meetings setting as an organiser sends it in the event body.</summary>
public sealed record MeetingSettingsInput
{
    public List<MeetingSessionInput?>? Sessions { get; init; }
    public int? SlotMinutes { get; init; }
    public int? Tables { get; init; }
    public int? RequestsPerPerson { get; init; }
}

public sealed record MeetingSessionInput(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

/// <summary>Checks an event's meetings setting against the event's own times.</summary>
public static class MeetingSettingsValidator
{
    public static MeetingSettings? Validate(Common.ValidationErrors errors, MeetingSettingsInput? input, DateTimeOffset? eventStarts, DateTimeOffset? eventEnds)
    {
        if (input is null)
        {
            return null;
        }
        var before = errors.ToDictionary().Count;
        if (eventStarts is null || eventEnds is null)
        {
            errors.Add("meetings", "Meetings need the event's exact startsAt and endsAt.");
        }
        if (input.SlotMinutes is not { } slot || slot < MeetingSettings.MinSlotMinutes || slot > MeetingSettings.MaxSlotMinutes)
        {
            errors.Add("meetings.slotMinutes", $"A whole number of minutes from {MeetingSettings.MinSlotMinutes} to {MeetingSettings.MaxSlotMinutes}.");
        }
        if (input.Tables is not { } tables || tables < 1 || tables > MeetingSettings.MaxTables)
        {
            errors.Add("meetings.tables", $"A whole number from 1 to {MeetingSettings.MaxTables}.");
        }
        if (input.RequestsPerPerson is not { } limit || limit < 1 || limit > MeetingSettings.MaxRequestsPerPerson)
        {
            errors.Add("meetings.requestsPerPerson", $"A whole number from 1 to {MeetingSettings.MaxRequestsPerPerson}.");
        }
        var sessions = new List<MeetingSession>();
        if (input.Sessions is not { Count: > 0 } given || given.Count > MeetingSettings.MaxSessions)
        {
            errors.Add("meetings.sessions", $"From 1 to {MeetingSettings.MaxSessions} sessions.");
        }
        else
        {
            for (var i = 0; i < given.Count; i++)
            {
                var field = $"meetings.sessions[{i}]";
                if (given[i] is not { StartsAt: { } starts, EndsAt: { } ends })
                {
                    errors.Add(field, "startsAt and endsAt are required.");
                    continue;
                }
                if (ends <= starts)
                {
                    errors.Add(field + ".endsAt", "Must be after startsAt.");
                    continue;
                }
                if ((eventStarts is { } es && starts < es) || (eventEnds is { } ee && ends > ee))
                {
                    errors.Add(field, "Must lie within the event's startsAt and endsAt.");
                }
                if (sessions.Count > 0 && starts < sessions[^1].EndsAt)
                {
                    errors.Add(field + ".startsAt", "Sessions must be in time order and must not overlap.");
                }
                if (input.SlotMinutes is { } minutes && ends - starts < TimeSpan.FromMinutes(minutes))
                {
                    errors.Add(field, "Shorter than one slot.");
                }
                sessions.Add(new MeetingSession(starts, ends));
            }
        }
        return errors.ToDictionary().Count != before ? null
            : new MeetingSettings(sessions, input.SlotMinutes!.Value, input.Tables!.Value, input.RequestsPerPerson!.Value);
    }
}
