using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>SendGrid API key: a Key Vault reference in Azure, anything non-empty for the local sink.</summary>
    [Required] public string ApiKey { get; set; } = "";
    /// <summary>SendGrid base address; the local sink's address when running on one machine.</summary>
    [Required, Url(ErrorMessage = "Email:Host must be an absolute http(s) URL.")] public string Host { get; set; } = "https://api.sendgrid.com";
    [Required, EmailAddress] public string FromAddress { get; set; } = "";
    [Required] public string FromName { get; set; } = "Clusters Cord";
    /// <summary>Tries per request for 429, 5xx, timeouts and network failures, the first included.</summary>
    [Range(1, 10)] public int MaxAttempts { get; set; } = 5;
    /// <summary>First back-off; doubled on each retry unless the provider sends Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Email:FirstRetryDelay must be positive, at most 10 minutes.")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Upper bound for one wait, whatever Retry-After asks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Email:MaxRetryDelay must be positive, at most 10 minutes.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long one request to SendGrid may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Requests in the breaker's window before it may open (at least 10% of them failing opens it for 5 s).</summary>
    [Range(2, int.MaxValue)] public int CircuitBreakerMinimumThroughput { get; set; } = 100;
    /// <summary>How long one send may take, its retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The delivery queue, whole: the queue trigger reads this setting (<c>%Email:QueueName%</c>), so it
    /// carries the storage name prefix itself (tests: <c>{Storage:NamePrefix}emails</c>). Its poison queue is
    /// <c>{QueueName}-poison</c>.
    /// </summary>
    [Required, RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?!-)){1,55}[a-z0-9]$")]
    public string QueueName { get; set; } = "emails";
    /// <summary>In Azure instead of a connection string: the queue service, reached with the managed identity.</summary>
    public Uri? QueueServiceUri { get; set; }
    /// <summary>
    /// How long a delivery message that gathers several registration emails (a burst: they arrived while
    /// the previous message was being written) stays invisible on the queue, so that the burst's emails
    /// are delivered after it instead of competing with it for storage. A message of one email is visible
    /// at once. Zero turns the wait off; at most a minute (far inside <c>PendingEmail.Grace</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Email:BurstDeliveryDelay must be between zero and one minute.")]
    public TimeSpan BurstDeliveryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult("Email:FirstRetryDelay must be positive and at most Email:MaxRetryDelay.", [nameof(FirstRetryDelay)]);
        }
        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult("Email:AttemptTimeout must be at least 10 ms and at most Email:TotalTimeout.", [nameof(AttemptTimeout)]);
        }
    }
}
