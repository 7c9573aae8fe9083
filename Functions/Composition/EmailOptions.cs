using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>SendGrid API key: a Key Vault reference in Azure, anything non-empty for the local sink.</summary>
    [Required] public string ApiKey { get; set; } = "";
    /// <summary>SendGrid base address; the local sink's address when running on one machine.</summary>
    [Required, Url(ErrorMessage = "Email:Host must be an absolute http(s) URL.")] public string Host { get; set; } = "https://api.sendgrid.com";
    [Required, EmailAddress] public string FromAddress { get; set; } = "";
    [Required] public string FromName { get; set; } = "Clusters Cord";
    /// <summary>Tries per request for 429 and 5xx answers, the first included.</summary>
    [Range(1, 10)] public int MaxAttempts { get; set; } = 5;
    /// <summary>First back-off; doubled on each retry unless the provider sends Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Email:FirstRetryDelay must be positive, at most 10 minutes.")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Upper bound for one wait, whatever Retry-After asks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Email:MaxRetryDelay must be positive, at most 10 minutes.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
