using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

public sealed class BenchmarkingOptions
{
    public const string Section = "Benchmarking";

    /// <summary>Largest report file accepted; larger uploads are answered 413 and nothing is stored.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;
}
