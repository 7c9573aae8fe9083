namespace ClustersCord.Functions.Composition;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>NCrontab schedule of SendReminders (read by the trigger as %Reminders:Schedule%).</summary>
    [System.ComponentModel.DataAnnotations.Required] public string Schedule { get; set; } = "0 */15 * * * *";

    /// <summary>How long a run's claim on a reminder holds; after it, a run that died is taken over.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Reminders:ClaimLease must be positive, at most a day.")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Recipients per SendGrid request (SendGrid takes up to 1,000 personalizations).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int RecipientsPerRequest { get; set; } = 1000;
}
