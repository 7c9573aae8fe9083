using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// Tells a registrant what happened to their registration, by email, in their language, and then
/// forgets the <see cref="PendingEmail"/> the change left, unless the provider asked to be tried again.
/// </summary>
public sealed class RegistrationNotifier(IEmailSender sender, RegistrationEmails emails, IRegistrationStore registrations)
{
    public Task<DeliveryStatus> ConfirmedAsync(Event programmeEvent, Registration registration, CancellationToken cancellationToken)
        => SendAsync(new PendingEmail(registration.Id, RegistrationEmailKind.Confirmed), programmeEvent, registration, null, cancellationToken);

    public Task<DeliveryStatus> WaitlistedAsync(Event programmeEvent, Registration registration, int position, CancellationToken cancellationToken)
        => SendAsync(new PendingEmail(registration.Id, RegistrationEmailKind.Waitlisted), programmeEvent, registration, position, cancellationToken);

    public Task<DeliveryStatus> PromotedAsync(Event programmeEvent, Registration registration, CancellationToken cancellationToken)
        => SendAsync(new PendingEmail(registration.Id, RegistrationEmailKind.Promoted), programmeEvent, registration, null, cancellationToken);

    /// <param name="email">The pending email the change stored, forgotten once the provider took it.</param>
    public async Task<DeliveryStatus> SendAsync(PendingEmail email, Event programmeEvent, Registration registration,
        int? position, CancellationToken cancellationToken)
    {
        var outcome = await sender.SendAsync(emails.Compose(email.Kind, programmeEvent, registration.Person.Language, [registration], position), cancellationToken);
        var status = outcome.Recipients.Count > 0 ? outcome.Recipients[0].Status : DeliveryStatus.Transient;
        if (status != DeliveryStatus.Transient)
        {
            // A refusal will not change on a retry: forgotten like a delivery (the sender logged it). Not
            // awaited: the store gathers it with others into one write, and nobody needs to wait for that;
            // if it never lands, the email goes once more after the grace.
            _ = registrations.RemovePendingEmailAsync(email, CancellationToken.None);
        }
        return status;
    }
}
