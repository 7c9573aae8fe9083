using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

public sealed class BenchmarkingOptions
{
    public const string Section = "Benchmarking";

    /// <summary>Largest report file accepted; larger uploads are answered 413 and nothing is stored.</summary>
    [Range(1, 100L * 1024 * 1024, ErrorMessage = "Benchmarking:MaxUploadBytes must be from 1 byte to 100 MiB.")]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Fewest clusters whose values an indicator needs before the public sees its statistics; a peer median
    /// needs this many less one peers. Below 3 a median or quartile would give away single clusters' figures.
    /// </summary>
    [Range(3, 1000, ErrorMessage = "Benchmarking:MinimumGroupSize must be from 3 to 1000.")]
    public int MinimumGroupSize { get; set; } = 5;

    /// <summary>NCrontab schedule of DiscardStagedUploads (read by the trigger as %Benchmarking:StagedUploadSweepSchedule%).</summary>
    public string StagedUploadSweepSchedule { get; set; } = "0 45 * * * *";

    /// <summary>
    /// How old the newest staged block of an uncommitted report blob must be before DiscardStagedUploads
    /// removes it: longer than any upload takes, so one still arriving is never cut off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan StagedUploadGrace { get; set; } = TimeSpan.FromHours(1);
}
