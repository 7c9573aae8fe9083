using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Reminders;

namespace ClustersCord.Domain.Tests.Reminders;

public sealed class ReminderScheduleTests
{
    private static readonly TimeZoneInfo Vienna = TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna");

    private static Event At(DateTimeOffset starts, params string[] reminders) => new()
    {
        Id = "e", Type = EventType.ExchangeForum, Title = new Dictionary<string, string> { ["en"] = "E" }, City = "Linz", Country = "AT",
        StartsAt = starts, EndsAt = starts.AddHours(8), TimeZone = "Europe/Vienna", Capacity = 1,
        RegistrationOpensAt = DateTimeOffset.MinValue, RegistrationClosesAt = DateTimeOffset.MaxValue, Reminders = reminders,
    };

    [Fact]
    public void Days_are_calendar_days_at_the_event_place_across_the_spring_change()
    {
        // 09:00 CEST on 30 March 2027, two days after clocks went forward.
        var due = ReminderSchedule.For(At(new DateTimeOffset(2027, 3, 30, 9, 0, 0, TimeSpan.FromHours(2)), "P7D", "P1D"));

        Assert.Equal(new DateTimeOffset(2027, 3, 23, 9, 0, 0, TimeSpan.FromHours(1)), due[0].DueAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 9, 0, 0, TimeSpan.FromHours(2)), due[1].DueAt);
    }

    [Fact]
    public void Hours_are_elapsed_time_after_the_days()
    {
        var due = ReminderSchedule.For(At(new DateTimeOffset(2027, 3, 28, 12, 0, 0, TimeSpan.FromHours(2)), "PT12H"));

        // 12:00 CEST minus 12 hours is 23:00 CET the evening before (the night was an hour shorter).
        Assert.Equal(new DateTimeOffset(2027, 3, 27, 23, 0, 0, TimeSpan.FromHours(1)), Assert.Single(due).DueAt);
    }

    [Fact]
    public void A_time_that_does_not_exist_moves_forward_and_one_that_happens_twice_is_taken_the_first_time()
    {
        var skipped = ReminderSchedule.ToInstant(new DateTime(2027, 3, 28, 2, 30, 0), Vienna);
        var twice = ReminderSchedule.ToInstant(new DateTime(2027, 10, 31, 2, 30, 0), Vienna);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), skipped.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), twice.ToUniversalTime());
    }

    [Fact]
    public void An_event_without_dates_has_no_reminders()
    {
        var undated = At(DateTimeOffset.UnixEpoch) with { StartsAt = null, EndsAt = null, Month = "2027-04" };

        Assert.Empty(ReminderSchedule.For(undated));
    }
}
