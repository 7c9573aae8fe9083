using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Tests.Programme;

/// <summary>Which changes of a meetings setting leave published meetings where they are (stored by slot number and table).</summary>
public sealed class MeetingSettingsTests
{
    private static readonly DateTimeOffset Day = new(2027, 3, 10, 9, 0, 0, TimeSpan.FromHours(1));

    private static MeetingSettings Settings(int slotMinutes = 20, int tables = 3, params (int From, int To)[] hours)
        => new(hours.Select(h => new MeetingSession(Day.AddHours(h.From), Day.AddHours(h.To))).ToList(), slotMinutes, tables, 30);

    private static readonly MeetingSettings Before = Settings(hours: [(0, 2), (24, 26)]);

    [Fact]
    public void The_same_setting_with_a_session_added_after_more_tables_or_another_request_limit_keeps_every_place()
    {
        Assert.True(Settings(hours: [(0, 2), (24, 26)]).KeepsPlaces(Before, 3));
        Assert.True(Settings(hours: [(0, 2), (24, 26), (27, 28)]).KeepsPlaces(Before, 3));
        Assert.True(Settings(tables: 5, hours: [(0, 2), (24, 26)]).KeepsPlaces(Before, 3));
        Assert.True((Before with { RequestsPerPerson = 5 }).KeepsPlaces(Before, 3));
        // The same instants at another offset are the same sessions.
        var elsewhere = new MeetingSettings(Before.Sessions.Select(s => new MeetingSession(s.StartsAt.ToUniversalTime(), s.EndsAt.ToUniversalTime())).ToList(), 20, 3, 30);
        Assert.True(elsewhere.KeepsPlaces(Before, 3));
    }

    [Fact]
    public void Another_slot_length_a_moved_shortened_or_removed_session_or_too_few_tables_would_move_meetings()
    {
        Assert.False(Settings(slotMinutes: 30, hours: [(0, 2), (24, 26)]).KeepsPlaces(Before, 1));
        Assert.False(Settings(hours: [(1, 3), (24, 26)]).KeepsPlaces(Before, 1));
        Assert.False(Settings(hours: [(0, 1), (24, 26)]).KeepsPlaces(Before, 1));
        Assert.False(Settings(hours: [(0, 2)]).KeepsPlaces(Before, 1));
        Assert.False(Settings(hours: [(-3, -2), (0, 2), (24, 26)]).KeepsPlaces(Before, 1));
        // Fewer tables are fine while no meeting sits at a table that would go.
        Assert.True(Settings(tables: 2, hours: [(0, 2), (24, 26)]).KeepsPlaces(Before, 2));
        Assert.False(Settings(tables: 2, hours: [(0, 2), (24, 26)]).KeepsPlaces(Before, 3));
    }
}
