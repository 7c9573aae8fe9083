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
}

/// <summary>
/// Tells a registrant what happened to their registration (and their meetings). A change that owes an email
/// has stored its <see cref="PendingEmail"/>; the notifier queues it (no answer waits for the provider), and the
/// delivery later sends it in the person's language and forgets it, unless the provider asked to be tried again.
/// A meeting email is composed from what <see cref="Meetings.MeetingEmailContent"/> reads at sending time.
/// </summary>
public sealed class RegistrationNotifier(IEmailQueue queue, IEmailSender sender, RegistrationEmails emails, IRegistrationStore registrations,
    IEventMessageStore messages, Meetings.MeetingEmailContent meetings)
{
    public Task ConfirmedAsync(Event programmeEvent, Registration registration, CancellationToken cancellationToken)
        => OwedAsync(new PendingEmail(registration.Id, RegistrationEmailKind.Confirmed), cancellationToken);

    public Task WaitlistedAsync(Event programmeEvent, Registration registration, int? position, CancellationToken cancellationToken)
        => queue.EnqueueAsync(new PendingEmail(registration.Id, RegistrationEmailKind.Waitlisted), position, cancellationToken);

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
                return new EmailDelivery(DeliveryStatus.Refused, registrations.RemovePendingEmailAsync(email, CancellationToken.None));
            }
            message = emails.ComposeMessage(organiserMessage, programmeEvent, organiserMessage.LanguageFor(registration.Person.Language), [registration]);
        }
        else if (RegistrationEmails.IsMeeting(email.Kind))
        {
            if (await meetings.ForAsync(email, programmeEvent, registration, cancellationToken) is not { } details)
            {
                // The request no longer stands as the email would say (or its change never committed).
                return new EmailDelivery(DeliveryStatus.Refused, registrations.RemovePendingEmailAsync(email, CancellationToken.None));
            }
            message = emails.ComposeMeeting(email.Kind, programmeEvent, registration, details);
        }
        else
        {
            message = emails.Compose(email.Kind, programmeEvent, registration.Person.Language, [registration], position);
        }
        var outcome = await sender.SendAsync(message, cancellationToken);
        var status = outcome.Recipients.Count > 0 ? outcome.Recipients[0].Status : DeliveryStatus.Transient;
        // A refusal will not change on a retry: forgotten like a delivery (the sender logged it).
        var forgotten = status == DeliveryStatus.Transient
            ? Task.CompletedTask
            : registrations.RemovePendingEmailAsync(email, CancellationToken.None);
        return new EmailDelivery(status, forgotten) { StatusCode = outcome.Recipients.Count > 0 ? outcome.Recipients[0].StatusCode : null };
    }
}
