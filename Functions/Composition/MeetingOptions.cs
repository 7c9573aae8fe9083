using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

/// <summary>The bilateral meetings' scheduler (section <c>Meetings</c>).</summary>
public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>How long the scheduler may search before it answers with the best schedule found (the request waits for it).</summary>
    [Range(1, 120, ErrorMessage = "Meetings:SolverSeconds must be from 1 to 120.")] public int SolverSeconds { get; set; } = 10;
}
