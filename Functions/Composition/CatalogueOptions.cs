using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";

    /// <summary>
    /// How long an instance answers catalogue reads from its snapshot without asking storage whether the
    /// catalogue version moved on. A change made on another instance shows here within this bound (plus one
    /// version read); a change made on this instance shows at once. Positive, at most ten minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")] public TimeSpan FreshnessBound { get; set; } = TimeSpan.FromSeconds(5);
}
