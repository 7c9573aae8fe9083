using ClustersCord.Domain.Meetings.Scheduling;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Meetings;

/// <summary>
/// The CP-SAT scheduler with a log line per run: CP-SAT's status, how many meetings it placed of how many could
/// be, and how long it took; a warning when the greedy answer was returned instead (CP-SAT found nothing in
/// time, found only worse, or failed), so that a forum planned by the fallback shows in the logs.
/// </summary>
public sealed partial class LoggedMeetingScheduler(CpSatMeetingScheduler scheduler, ILogger<LoggedMeetingScheduler> logger) : IMeetingScheduler
{
    public ScheduleResult Schedule(SchedulingProblem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var run = scheduler.Run(problem, timeLimit, cancellationToken);
        var result = run.Result;
        if (run.FellBack)
        {
            LogFellBack(run.Status, result.Scheduled, result.UpperBound, result.Elapsed.TotalSeconds, timeLimit.TotalSeconds);
        }
        else
        {
            LogSolved(run.Status, result.Scheduled, result.UpperBound, result.Elapsed.TotalSeconds);
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Meeting scheduler fell back to the greedy assignment ({Status}): {Scheduled} of at most {UpperBound} meetings placed in {Seconds:0.0} s of a {Limit:0.0} s limit")]
    private partial void LogFellBack(string status, int scheduled, int upperBound, double seconds, double limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting scheduler {Status}: {Scheduled} of at most {UpperBound} meetings placed in {Seconds:0.0} s")]
    private partial void LogSolved(string status, int scheduled, int upperBound, double seconds);
}
