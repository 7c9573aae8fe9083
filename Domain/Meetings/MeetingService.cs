using System.Security.Cryptography;
using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Meetings.Scheduling;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Meetings;

/// <summary>
/// Bilateral meetings at a forum (issue #17): confirmed registrants opt in with a profile, see the other
/// participants of the same event, request meetings, accept, decline or withdraw; organisers run the
/// scheduler and publish placements; each participant reads their agenda and tells how a meeting went.
/// Every registrant operation goes through the manage token (<see cref="RegistrationService.GetAsync"/>).
/// </summary>
public sealed partial class MeetingService(
    RegistrationService registrationService,
    IRegistrationStore registrations,
    IEventStore events,
    IMeetingStore store,
    IClusterStore clusters,
    CatalogueService catalogue,
    IOwedEmailStore owedEmails,
    RegistrationNotifier notifier,
    IMeetingScheduler scheduler,
    MeetingAgendas agendas,
    MeetingSchedulingSettings settings,
    CalendarOrganiser organiser,
    TimeProvider time)
{
    public const int MaxTopics = 20;
    public const int MaxTopicLength = 80;
    public const int MaxMessageLength = 1000;

    private sealed record Entry(RegistrantView View, MeetingSettings Settings);

    private async Task<(Entry? Entry, MeetingRefusal? Refusal)> EnterAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var view = await registrationService.GetAsync(registrationId, token, cancellationToken);
        if (view is null)
        {
            return (null, MeetingRefusal.NotFound);
        }
        if (Closed(view.Event) is { } closed)
        {
            return (null, closed);
        }
        var meetings = view.Event.Meetings!;
        return view.Registration.Status != RegistrationStatus.Confirmed ? (null, MeetingRefusal.NotConfirmed) : (new Entry(view, meetings), null);
    }

    /// <summary>Why an event has no meetings to take part in or schedule: none offered, or the event is cancelled; null when it has.</summary>
    private static MeetingRefusal? Closed(Event programmeEvent)
        => programmeEvent.Meetings is null ? MeetingRefusal.NoMeetings
            : programmeEvent.Status == EventStatus.Cancelled ? MeetingRefusal.EventCancelled
            : null;

    /// <summary>Entry plus the person's own profile (required).</summary>
    private async Task<(Entry? Entry, MeetingProfile? Me, MeetingRefusal? Refusal)> EnterWithProfileAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var (entry, refusal) = await EnterAsync(registrationId, token, cancellationToken);
        if (entry is null)
        {
            return (null, null, refusal);
        }
        var me = await store.GetProfileAsync(entry.View.Event.Id, registrationId, cancellationToken);
        return me is null ? (null, null, MeetingRefusal.NoProfile) : (entry, me, null);
    }

    public async Task<MeetingResult<MeetingProfile>> GetProfileAsync(string registrationId, string? token, CancellationToken cancellationToken)
    {
        var (_, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        return me is null ? MeetingResult<MeetingProfile>.Refused(refusal!.Value) : MeetingResult<MeetingProfile>.Ok(me);
    }

    public async Task<MeetingResult<MeetingProfile>> SaveProfileAsync(string registrationId, string? token, MeetingProfileInput input, CancellationToken cancellationToken)
    {
        var (entry, refusal) = await EnterAsync(registrationId, token, cancellationToken);
        if (entry is null)
        {
            return MeetingResult<MeetingProfile>.Refused(refusal!.Value);
        }
        var errors = new ValidationErrors();
        var clusterId = TextRules.Check(errors, "clusterId", input.ClusterId, 100, required: false);
        if (clusterId is not null && errors.IsEmpty && !await IsApprovedClusterAsync(clusterId, cancellationToken))
        {
            errors.Add("clusterId", "No such cluster in the catalogue.");
        }
        // Not typed: the cluster named at registration, while it is in the catalogue (it may since have been
        // withdrawn, or never approved); otherwise none, rather than show others a cluster that is not there.
        if (clusterId is null && entry.View.Registration.Person.ClusterId is { } registered
            && await IsApprovedClusterAsync(registered, cancellationToken))
        {
            clusterId = registered;
        }
        var offers = TopicList(errors, "offers", input.Offers);
        var needs = TopicList(errors, "needs", input.Needs);
        var sessionCount = entry.Settings.Sessions.Count;
        if (input.Sessions is not { Count: > 0 } sessions)
        {
            errors.Add("sessions", "Choose at least one session (indexes into the event's meeting sessions).");
        }
        else if (sessions.Any(s => s < 0 || s >= sessionCount))
        {
            errors.Add("sessions", $"Indexes from 0 to {sessionCount - 1}.");
        }
        if (!errors.IsEmpty)
        {
            return MeetingResult<MeetingProfile>.Invalid(errors);
        }
        var saved = await store.SaveProfileAsync(new MeetingProfile
        {
            EventId = entry.View.Event.Id,
            RegistrationId = registrationId,
            ParticipantId = NewId("p"),
            ClusterId = clusterId,
            Offers = offers,
            Needs = needs,
            Sessions = [.. input.Sessions!.Distinct().Order()],
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
        return MeetingResult<MeetingProfile>.Ok(saved);
    }

    private static string[] TopicList(ValidationErrors errors, string field, List<string?>? topics)
    {
        if (topics is null)
        {
            return [];
        }
        if (topics.Count > MaxTopics)
        {
            errors.Add(field, $"At most {MaxTopics} topics.");
        }
        var list = new List<string>();
        for (var i = 0; i < topics.Count && i < MaxTopics; i++)
        {
            if (TextRules.Check(errors, $"{field}[{i}]", topics[i], MaxTopicLength, required: true) is { } topic
                && !list.Any(t => Topics.Canonical(t) == Topics.Canonical(topic)))
            {
                list.Add(topic);
            }
        }
        return [.. list];
    }

    /// <summary>The event's other participants whose registrations stand; with <paramref name="matches"/>, ranked by the matchmaker with its reasons.</summary>
    public async Task<MeetingResult<IReadOnlyList<ParticipantView>>> ParticipantsAsync(string registrationId, string? token, bool matches, CancellationToken cancellationToken)
    {
        var (entry, me, refusal) = await EnterWithProfileAsync(registrationId, token, cancellationToken);
        if (me is null)
        {
            return MeetingResult<IReadOnlyList<ParticipantView>>.Refused(refusal!.Value);
        }
        var people = await PeopleAsync(entry!.View.Event.Id, cancellationToken);
        var ranking = new Dictionary<string, Match>(StringComparer.Ordinal);
        if (matches && me.ClusterId is not null && await clusters.GetAsync(me.ClusterId, cancellationToken) is { Status: ProfileStatus.Approved } mine)
        {
            foreach (var match in Matchmaker.For(mine, await clusters.ApprovedAsync(cancellationToken), int.MaxValue))
            {
                ranking[match.Cluster.Id] = match;
            }
        }
        var items = people.Values
            .Where(p => p.Profile.ParticipantId != me.ParticipantId)
            .Select(p =>
            {
                var match = matches && p.Profile.ClusterId is { } c && ranking.TryGetValue(c, out var m) ? m : null;
                var person = p.Registration.Person;
                return new ParticipantView(p.Profile.ParticipantId, person.FullName, person.Organisation, p.Profile.ClusterId, person.Country,
                    p.Profile.Offers, p.Profile.Needs, matches ? match?.Score ?? 0 : null, matches ? match?.Reasons ?? [] : null);
            })
            .OrderByDescending(p => p.Score ?? 0)
            .ThenBy(p => TextFolding.Fold(p.Name), StringComparer.Ordinal)
            .ThenBy(p => p.ParticipantId, StringComparer.Ordinal)
            .ToArray();
        return MeetingResult<IReadOnlyList<ParticipantView>>.Ok(items);
    }

    private sealed record Person(MeetingProfile Profile, Registration Registration);

    /// <summary>
    /// Participants by participant id whose registrations are confirmed (and not anonymised), each profile's
    /// cluster shown only while it is in the public catalogue (a cluster withdrawn or rejected after the profile
    /// was saved is not shown to others).
    /// </summary>
    private async Task<Dictionary<string, Person>> PeopleAsync(string eventId, CancellationToken cancellationToken)
    {
        var catalogued = await catalogue.SnapshotAsync(cancellationToken);
        var confirmed = new Dictionary<string, Registration>(StringComparer.Ordinal);
        await foreach (var registration in registrations.AllAsync(eventId, cancellationToken))
        {
            if (registration.Status == RegistrationStatus.Confirmed && registration.AnonymisedAt is null)
            {
                confirmed[registration.Id] = registration;
            }
        }
        return (await store.ProfilesAsync(eventId, cancellationToken))
            .Where(p => confirmed.ContainsKey(p.RegistrationId))
            .ToDictionary(p => p.ParticipantId, p => new Person(p with { ClusterId = Shown(p.ClusterId, catalogued) }, confirmed[p.RegistrationId]), StringComparer.Ordinal);
    }

    /// <summary>A request's state as it stands: ended once either side is no longer a confirmed participant.</summary>
    private static MeetingRequestState StateOf(MeetingRequest request, IReadOnlyDictionary<string, Person> people)
        => request.State is MeetingRequestState.Open or MeetingRequestState.Accepted
           && (!people.ContainsKey(request.From) || !people.ContainsKey(request.To))
            ? MeetingRequestState.Ended
            : request.State;

    private static ParticipantSummary Summary(string participantId, IReadOnlyDictionary<string, Person> people)
        => people.TryGetValue(participantId, out var p)
            ? new ParticipantSummary(participantId, p.Registration.Person.FullName, p.Registration.Person.Organisation, p.Profile.ClusterId)
            : new ParticipantSummary(participantId, "", "", null);

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A random id (100 bits) with a one-letter prefix: participant ids say nothing about the registration.</summary>
    private static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }
        return prefix + new string(chars);
    }

    /// <summary>A profile's cluster as others see it: only while it is in the public catalogue.</summary>
    internal static string? Shown(string? clusterId, CatalogueIndex catalogued) => clusterId is not null && catalogued.Get(clusterId) is not null ? clusterId : null;

    private async Task<bool> IsApprovedClusterAsync(string clusterId, CancellationToken cancellationToken)
        => await clusters.GetAsync(clusterId, cancellationToken) is { Status: ProfileStatus.Approved };
}
