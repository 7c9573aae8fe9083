namespace ClustersCord.Domain.Email;

/// <summary>The one way out for email. The SendGrid adapter implements it; tests may fake it.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends one message to every recipient, each in a delivery of their own (nobody sees another's
    /// address). Recipients beyond one provider request are split into several requests.
    /// </summary>
    Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
