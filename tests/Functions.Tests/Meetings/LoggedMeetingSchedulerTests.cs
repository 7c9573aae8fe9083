using ClustersCord.Domain.Meetings.Scheduling;
using ClustersCord.Functions.Meetings;
using ClustersCord.Functions.Tests.Trust;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests.Meetings;

public sealed class LoggedMeetingSchedulerTests
{
    // One table. Request "a" (people 0, 1) fits slot 0 or 1, request "b" (people 2, 3) only slot 0: the greedy
    // assignment puts "a" into slot 0 and places 1 meeting where 2 fit, so only CP-SAT can reach the ceiling.
    private static readonly SchedulingProblem Problem = new(Slots: 4, Tables: 1,
        [new HashSet<int> { 0, 1 }, new HashSet<int> { 0, 1 }, new HashSet<int> { 0, 2 }, new HashSet<int> { 0, 3 }],
        [new RequestToPlace("a", 0, 1), new RequestToPlace("b", 2, 3)], []);

    [Fact]
    public void A_run_that_falls_back_to_the_greedy_assignment_is_a_warning_naming_why()
    {
        var (scheduler, logs) = Logged();

        var result = scheduler.Schedule(Problem, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(1, result.Scheduled);
        var record = Assert.Single(logs.Records, r => r.Category == typeof(LoggedMeetingScheduler).FullName);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains("fell back to the greedy assignment (NO_TIME_LEFT)", record.Text);
        Assert.Contains("1 of at most 2 meetings", record.Text);
    }

    [Fact]
    public void A_solved_run_is_logged_with_its_status()
    {
        var (scheduler, logs) = Logged();

        var result = scheduler.Schedule(Problem, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(2, result.Scheduled);
        var record = Assert.Single(logs.Records, r => r.Category == typeof(LoggedMeetingScheduler).FullName);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.DoesNotContain("fell back", record.Text);
        Assert.Contains("2 of at most 2 meetings", record.Text);
    }

    private static (LoggedMeetingScheduler Scheduler, LogCapture Logs) Logged()
    {
        var logs = new LogCapture();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        return (new LoggedMeetingScheduler(new CpSatMeetingScheduler(), factory.CreateLogger<LoggedMeetingScheduler>()), logs);
    }
}
