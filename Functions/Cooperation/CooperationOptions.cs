using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Cooperation;

/// <summary>Introductions, cooperation records and the partnership agreement (section <c>Cooperation</c>).</summary>
public sealed class CooperationOptions
{
    public const string Section = "Cooperation";

    /// <summary>How many introductions one cluster may ask for within <see cref="IntroductionWindow"/>.</summary>
    [Range(1, 1000, ErrorMessage = "Cooperation:IntroductionsPerWindow must be from 1 to 1000.")]
    public int IntroductionsPerWindow { get; set; } = 10;

    /// <summary>The sliding window of the rate limit.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Cooperation:IntroductionWindow must be from a minute to a year.")]
    public TimeSpan IntroductionWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after a decline the same cluster may not ask the same cluster again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Cooperation:DeclinedPause must be from zero to ten years.")]
    public TimeSpan DeclinedPause { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long an owed introduction email waits for its queue message before the sweep sends it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cooperation:EmailGrace must be from a second to a day.")]
    public TimeSpan EmailGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest agreement document taken (PDF or DOCX).</summary>
    [Range(1024, 100L * 1024 * 1024, ErrorMessage = "Cooperation:MaxAgreementBytes must be from 1 KiB to 100 MiB.")]
    public long MaxAgreementBytes { get; set; } = 20L * 1024 * 1024;
}
