using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Progress;

public sealed class ProgressOptions
{
    public const string Section = "Progress";

    /// <summary>
    /// How long an instance answers <c>GET /api/progress</c> with the participant counts it last made before
    /// counting the registrations again (one query over the registration rows, three columns each). Events
    /// and clusters come from their own caches and are never older than theirs. From one second to one day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Progress:CountsMaxAge must be from 1 second to 1 day.")]
    public TimeSpan CountsMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
