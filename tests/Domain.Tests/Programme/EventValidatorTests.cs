using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Tests.Programme;

public sealed class EventValidatorTests
{
    private static EventInput Valid => new()
    {
        Type = "exchangeForum",
        Title = new() { ["en"] = "Forum", ["cs"] = "Fórum" },
        City = "Linz",
        Country = "at",
        StartsAt = new DateTimeOffset(2012, 2, 21, 9, 0, 0, TimeSpan.FromHours(1)),
        EndsAt = new DateTimeOffset(2012, 2, 22, 17, 0, 0, TimeSpan.FromHours(1)),
        TimeZone = "Europe/Vienna",
        Sectors = ["health", "energyEnvironment"],
        Capacity = 60,
        Registration = new(new DateTimeOffset(2011, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2012, 2, 14, 0, 0, 0, TimeSpan.Zero)),
    };

    [Fact]
    public void A_valid_input_becomes_an_event_with_default_reminders()
    {
        var (e, errors) = EventValidator.Validate("forum-linz-2012", Valid);

        Assert.True(errors.IsEmpty);
        Assert.Equal("AT", e!.Country);
        Assert.Equal(["P7D", "P1D"], e.Reminders);
    }

    [Theory]
    [InlineData("Forum")]
    [InlineData("-forum")]
    [InlineData("forum_1")]
    [InlineData("")]
    public void Ids_are_lowercase_slugs(string id) => Assert.False(EventValidator.IsValidId(id));

    [Fact]
    public void Needs_dates_or_a_month()
    {
        var (_, errors) = EventValidator.Validate("x", Valid with { StartsAt = null, EndsAt = null });
        var (monthOnly, monthErrors) = EventValidator.Validate("x", Valid with { StartsAt = null, EndsAt = null, Month = "2012-04" });

        Assert.True(errors.Has("startsAt"));
        Assert.True(monthErrors.IsEmpty);
        Assert.False(monthOnly!.HasExactDates);
    }

    [Fact]
    public void Reports_every_bad_field()
    {
        var (_, errors) = EventValidator.Validate("x", Valid with
        {
            Type = "party",
            Title = new() { ["cs"] = "Jen česky" },
            TimeZone = "Central European Standard Time",
            Capacity = 100_001,
            EndsAt = Valid.StartsAt!.Value.AddHours(-1),
            Reminders = ["P1M", "PT0M"],
        });

        Assert.Equal(["capacity", "endsAt", "reminders", "timeZone", "title.en", "type"], errors.ToDictionary().Keys.Order());
    }

    [Theory]
    [InlineData("P7D", 7 * 24 * 60)]
    [InlineData("PT12H", 12 * 60)]
    [InlineData("P1DT6H30M", 30 * 60 + 30)]
    public void Reminder_offsets_are_iso_8601_durations(string text, int minutes)
    {
        Assert.True(ReminderOffset.TryParse(text, out var offset));
        Assert.Equal(TimeSpan.FromMinutes(minutes), offset);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("P0D")]
    [InlineData("P400D")]
    [InlineData("7 days")]
    public void Other_durations_are_refused(string text) => Assert.False(ReminderOffset.TryParse(text, out _));

    [Theory]
    [InlineData(null, EventStatus.Published)]
    [InlineData("draft", EventStatus.Draft)]
    [InlineData("published", EventStatus.Published)]
    public void Status_is_draft_or_published_by_default(string? status, EventStatus expected)
    {
        var (e, errors) = EventValidator.Validate("forum-linz-2012", Valid with { Status = status });

        Assert.True(errors.IsEmpty);
        Assert.Equal(expected, e!.Status);
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("Published")]
    [InlineData("gone")]
    public void Cancelled_or_any_other_status_is_refused(string status)
    {
        var (e, errors) = EventValidator.Validate("forum-linz-2012", Valid with { Status = status });

        Assert.Null(e);
        Assert.True(errors.Has("status"));
    }
}
