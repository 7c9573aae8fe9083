using ClustersCord.Domain.Benchmarking;

namespace ClustersCord.Domain.Tests.Benchmarking;

public sealed class StagedBlockIdTests
{
    [Fact]
    public void A_block_id_carries_the_time_it_was_staged_and_has_one_width()
    {
        var at = new DateTimeOffset(2027, 1, 11, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);
        var ids = new[] { StagedBlockId.Encode(at, 0), StagedBlockId.Encode(at, 12), StagedBlockId.Encode(DateTimeOffset.MaxValue, 99_999_999) };

        Assert.Equal(at.UtcDateTime, StagedBlockId.StagedAt(ids[1])!.Value.UtcDateTime);
        Assert.Single(ids.Select(id => id.Length).Distinct());
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("MDAwMDAwMDA=")] // "00000000", the ids of uploads before staging times
    [InlineData("not base64")]
    [InlineData("")]
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OS0wMDAwMDAwMA==")] // 19 nines: beyond the last representable tick
    public void Ids_of_another_form_have_no_time(string id) => Assert.Null(StagedBlockId.StagedAt(id));
}
