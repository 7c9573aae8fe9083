namespace ClustersCord.Domain.Benchmarking;

public enum ReportKind
{
    Pdf,
    Xlsx,
    Csv,
}

/// <summary>An uploaded benchmarking report: its metadata; the file itself is a blob under a generated name.</summary>
public sealed record BenchmarkReport
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required int Year { get; init; }
    public required Visibility Visibility { get; init; }
    public required ReportKind Kind { get; init; }
    public required long Size { get; init; }
    public required string Sha256 { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    /// <summary>The uploader's file name, only ever used in Content-Disposition, never as a storage name.</summary>
    public required string FileName { get; init; }
    public required string BlobName { get; init; }

    public string ContentType => ContentTypeOf(Kind);

    public static string ContentTypeOf(ReportKind kind) => kind switch
    {
        ReportKind.Pdf => "application/pdf",
        ReportKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/csv",
    };
}
