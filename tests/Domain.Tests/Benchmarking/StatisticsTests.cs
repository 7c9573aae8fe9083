using System.Text;
using ClustersCord.Domain.Benchmarking;

namespace ClustersCord.Domain.Tests.Benchmarking;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 100 }, 0.25, 2.0)]
    [InlineData(new[] { 10.0, 20, 30, 40 }, 0.25, 17.5)]
    [InlineData(new[] { 10.0, 20, 30, 40 }, 0.75, 32.5)]
    [InlineData(new[] { 5.0, 5, 5, 7 }, 0.75, 5.5)]
    [InlineData(new[] { 42.0 }, 0.5, 42.0)]
    public void PercentileInc_matches_excel(double[] values, double p, double expected)
        => Assert.Equal((decimal)expected, Statistics.PercentileInc(values.Select(v => (decimal)v).Order().ToArray(), (decimal)p));

    [Fact]
    public void PercentRank_is_the_share_of_others_below()
    {
        decimal[] sorted = [1, 2, 2, 4, 5];

        Assert.Equal(0m, Statistics.PercentRank(sorted, 1));
        Assert.Equal(25m, Statistics.PercentRank(sorted, 2));
        Assert.Equal(100m, Statistics.PercentRank(sorted, 5));
    }

    [Fact]
    public void Sniffing_follows_content_across_chunk_boundaries()
    {
        var sniffer = new ContentSniffer();
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('a', 10_000) + "\n%%EOF");
        foreach (var chunk in bytes.Chunk(7))
        {
            sniffer.Append(chunk);
        }

        Assert.Equal(ReportKind.Pdf, sniffer.Result());
        var text = new ContentSniffer();
        text.Append(Encoding.UTF8.GetBytes("cluster;členové\nžluťoučký;40\n"));
        Assert.Equal(ReportKind.Csv, text.Result());
        var binary = new ContentSniffer();
        binary.Append([0x4D, 0x5A, 0x00, 0x01]);
        Assert.Null(binary.Result());
    }
}
