using System.Text.Json.Serialization;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// A benchmarking report's metadata as the reports table keeps it (<see cref="ReportShape"/> maps it).
/// Version 0 rows used the same names, plus the computed <c>contentType</c> and <c>downloadName</c>, ignored when read.
/// <c>documentKind</c> came later within version 1, optional: a row without it is a benchmarking report.
/// </summary>
public sealed record StoredReport : IStoredShape
{
    public static int Current => 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("year")] public required int Year { get; init; }
    [JsonPropertyName("visibility")] public required string Visibility { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("uploadedAt")] public required DateTimeOffset UploadedAt { get; init; }
    [JsonPropertyName("fileName")] public required string FileName { get; init; }
    [JsonPropertyName("blobName")] public required string BlobName { get; init; }
    /// <summary>What the document is (the API's <c>kind</c>); absent in rows written before documents had kinds, read as a benchmarking report.</summary>
    [JsonPropertyName("documentKind")] public string? DocumentKind { get; init; }
}
