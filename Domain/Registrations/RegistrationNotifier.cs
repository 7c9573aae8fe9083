using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

/// <param name="Forgotten">
/// Forgetting the <see cref="PendingEmail"/> once the provider accepted or refused it: gathered with others
/// into one write, so a caller that needs it recorded awaits it, and one that does not may leave it.
/// </param>
public sealed record EmailDelivery(DeliveryStatus Status, Task Forgotten)
{
    /// <summary>The provider's HTTP status, when it answered (kept with a refusal).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Nothing was sent because nothing was owed any more (the message or the meeting change it names is gone).</summary>
    public bool Dropped { get; init; }

    /// <summary>An email not sent because it is no longer owed: forgotten, neither sent nor refused.</summary>
    public static EmailDelivery NotOwed(Task forgotten) => new(DeliveryStatus.Refused, forgotten) { Dropped = true };
}

/// <summary>What became of one email of a gathered send: the provider's answer, and its HTTP status when it answered.</summary>
public sealed record GatheredDelivery(DeliveryStatus Status, int? StatusCode);

/// <summary>One owed email of a gathered send, with the registration it tells about and its waiting-list place.</summary>
public sealed record OwedEmail(PendingEmail Email, Registration Registration, int? Position);

/// <summary>
/// Tells a registrant what happened to their registration (and their meetings). A change that owes an email
/// has stored its <see cref="PendingEmail"/>; the notifier queues it (no answer waits for the provider), and the
/// delivery later sends it in the person's language and forgets it, unless the provider asked to be tried again.
/// A meeting email is composed from what <see cref="Meetings.MeetingEmailContent"/> reads at sending time.
/// </summary>
public sealed class RegistrationNotifier(IEmailQueue queue, IEmailSender sender, RegistrationEmails emails, IRegistrationStore registrations,
    IEventMessageStore messages, Meetings.MeetingEmailContent meetings)
{
    /// <summary>Queues a created admission's confirmation or waiting-list email (with the place its answer told).</summary>
    public Task AdmittedAsync(Admission admission, CancellationToken cancellationToken)
        => queue.EnqueueAsync(admission.OwedEmail, admission.Registration.Status == RegistrationStatus.Waitlisted ? admission.WaitlistPosition : null, cancellationToken);

    public Task PromotedAsync(Event programmeEvent, Registration registration, CancellationToken cancellationToken)
        => OwedAsync(new PendingEmail(registration.Id, RegistrationEmailKind.Promoted), cancellationToken);

    /// <summary>Queues a committed pending email for delivery; never throws (the sweep is the backstop).</summary>
    public Task OwedAsync(PendingEmail email, CancellationToken cancellationToken) => queue.EnqueueAsync(email, null, cancellationToken);

    /// <param name="email">The pending email the change stored, forgotten once the provider took or refused it.</param>
    public async Task<EmailDelivery> SendAsync(PendingEmail email, Event programmeEvent, Registration registration,
        int? position, CancellationToken cancellationToken)
    {
        EmailMessage message;
        if (email.Kind == RegistrationEmailKind.Message)
        {
            var organiserMessage = email.Instance is null ? null : await messages.GetAsync(programmeEvent.Id, email.Instance, cancellationToken);
            if (organiserMessage is null)
            {
                // Nothing to send: the pending email names no message that was recorded.
                return EmailDelivery.NotOwed(registrations.RemovePendingEmailAsync(email, CancellationToken.None));
            }
            message = emails.ComposeMessage(organiserMessage, programmeEvent, organiserMessage.LanguageFor(registration.Person.Language), [registration]);
        }
        else if (RegistrationEmails.IsMeeting(email.Kind))
        {
            if (await meetings.ForAsync(email, programmeEvent, registration, cancellationToken) is not { } details)
            {
                // The request no longer stands as the email would say (or its change never committed).
                return EmailDelivery.NotOwed(registrations.RemovePendingEmailAsync(email, CancellationToken.None));
            }
            message = emails.ComposeMeeting(email.Kind, programmeEvent, registration, details);
        }
        else
        {
            message = emails.Compose(email.Kind, programmeEvent, registration.Person.Language, [registration], position);
            if (RegistrationEmails.IsCancellation(email.Kind))
            {
                message = emails.CancellingMeetings(message, programmeEvent, registration.Person.Language,
                    await meetings.LeftByCancellationAsync(programmeEvent, registration, cancellationToken));
            }
        }
        var outcome = await sender.SendAsync(message, cancellationToken);
        var status = outcome.Recipients.Count > 0 ? outcome.Recipients[0].Status : DeliveryStatus.Transient;
        // A refusal will not change on a retry: forgotten like a delivery (the sender logged it).
        var forgotten = status == DeliveryStatus.Transient
            ? Task.CompletedTask
            : registrations.RemovePendingEmailAsync(email, CancellationToken.None);
        return new EmailDelivery(status, forgotten) { StatusCode = outcome.Recipients.Count > 0 ? outcome.Recipients[0].StatusCode : null };
    }

    /// <summary>
    /// Emails composed for their one person from more than the registration, sent one at a time (<see cref="SendAsync"/>):
    /// organiser messages, meeting emails, and at an event with meetings a registration's or the event's cancellation (it
    /// cancels the person's meetings too).
    /// </summary>
    public static bool IsSentAlone(RegistrationEmailKind kind, Event programmeEvent)
        => kind == RegistrationEmailKind.Message || RegistrationEmails.IsMeeting(kind)
           || RegistrationEmails.IsCancellation(kind) && programmeEvent.Meetings is not null;

    /// <summary>Requests to the provider in flight at once while a gathered message is sent.</summary>
    private const int ParallelSends = 8;

    /// <summary>
    /// Sends the registration emails of one event gathered in a queue message, with as few provider requests
    /// as their content allows, and tells what became of each (in the order given). Emails of one kind and
    /// language that carry nothing of one person's own but the placeholder values (a waiting-list place, a
    /// notice) share a request, one personalization each, no address twice; a confirmation or promotion
    /// carries its person's check-in code as an attachment and goes alone. A shared request the provider
    /// refused is sent again one email at a time, so that one refused recipient cannot take the others down.
    /// Organiser messages and meeting emails are not sent here (they go through <see cref="SendAsync"/>).
    /// Nothing is forgotten here: the caller marks the emails done.
    /// </summary>
    public async Task<IReadOnlyList<GatheredDelivery>> SendGatheredAsync(Event programmeEvent, IReadOnlyList<OwedEmail> owed, CancellationToken cancellationToken)
    {
        if (owed.Any(o => IsSentAlone(o.Email.Kind, programmeEvent)))
        {
            throw new ArgumentException("Organiser messages, meeting emails and cancellations at an event with meetings are sent one at a time (SendAsync).", nameof(owed));
        }
        var results = new GatheredDelivery[owed.Count];
        var requests = new List<int[]>();
        foreach (var group in Enumerable.Range(0, owed.Count).GroupBy(i => (owed[i].Email.Kind, owed[i].Registration.Person.Language)))
        {
            if (!CanShareRequest(group.Key.Kind))
            {
                requests.AddRange(group.Select(i => new[] { i }));
                continue;
            }
            // No address twice in one request: a repeat goes in a request of its own.
            var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var shared = new List<int>();
            foreach (var i in group)
            {
                if (addresses.Add(EmailAddress.Normalize(owed[i].Registration.Person.Email)))
                {
                    shared.Add(i);
                }
                else
                {
                    requests.Add([i]);
                }
            }
            requests.AddRange(shared.Chunk(MaxRecipientsPerRequest));
        }
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = cancellationToken },
            async (request, token) =>
            {
                var answers = await SendTogetherAsync(programmeEvent, request.Select(i => owed[i]).ToList(), token);
                if (request.Length > 1 && answers.Any(a => a.Status == DeliveryStatus.Refused))
                {
                    answers = [];
                    foreach (var i in request)
                    {
                        answers.Add((await SendTogetherAsync(programmeEvent, [owed[i]], token))[0]);
                    }
                }
                for (var k = 0; k < request.Length; k++)
                {
                    results[request[k]] = answers[k];
                }
            });
        return results;
    }

    /// <summary>Recipients of one shared request (SendGrid takes 1,000 personalizations).</summary>
    private const int MaxRecipientsPerRequest = 1000;

    /// <summary>Whether emails of this kind may share a provider request: not those with an attachment of the person's own.</summary>
    private static bool CanShareRequest(RegistrationEmailKind kind) => kind is not (RegistrationEmailKind.Confirmed or RegistrationEmailKind.Promoted);

    /// <summary>One request to the provider for emails of one kind and language, one recipient each; an answer per email.</summary>
    private async Task<List<GatheredDelivery>> SendTogetherAsync(Event programmeEvent, IReadOnlyList<OwedEmail> together, CancellationToken cancellationToken)
    {
        var first = together[0];
        // Each composed with its own place (the rendered text is shared); the recipients then travel together.
        var message = emails.Compose(first.Email.Kind, programmeEvent, first.Registration.Person.Language, [first.Registration], first.Position);
        if (together.Count > 1)
        {
            message = message with
            {
                Recipients = together.SelectMany(o => emails.Compose(o.Email.Kind, programmeEvent, o.Registration.Person.Language, [o.Registration], o.Position).Recipients).ToArray(),
            };
        }
        var outcome = await sender.SendAsync(message, cancellationToken);
        // By address (each is once in the request), whatever order the sender answers in; no answer counts as not taken.
        var answered = outcome.Recipients.GroupBy(r => r.Email, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return message.Recipients.Select(r => answered.TryGetValue(r.Email, out var a)
                ? new GatheredDelivery(a.Status, a.StatusCode)
                : new GatheredDelivery(DeliveryStatus.Transient, null))
            .ToList();
    }
}
