using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

/// <summary>Tells a registrant what happened to their registration, by email, in their language.</summary>
public sealed class RegistrationNotifier(IEmailSender sender, RegistrationEmails emails)
{
    public Task<EmailSendOutcome> ConfirmedAsync(Event programmeEvent, Registration registration, CancellationToken cancellationToken)
        => SendAsync(RegistrationEmailKind.Confirmed, programmeEvent, registration, null, cancellationToken);

    public Task<EmailSendOutcome> WaitlistedAsync(Event programmeEvent, Registration registration, int position, CancellationToken cancellationToken)
        => SendAsync(RegistrationEmailKind.Waitlisted, programmeEvent, registration, position, cancellationToken);

    public Task<EmailSendOutcome> PromotedAsync(Event programmeEvent, Registration registration, CancellationToken cancellationToken)
        => SendAsync(RegistrationEmailKind.Promoted, programmeEvent, registration, null, cancellationToken);

    private Task<EmailSendOutcome> SendAsync(RegistrationEmailKind kind, Event programmeEvent, Registration registration,
        int? position, CancellationToken cancellationToken)
        => sender.SendAsync(emails.Compose(kind, programmeEvent, registration.Person.Language, [registration], position), cancellationToken);
}
