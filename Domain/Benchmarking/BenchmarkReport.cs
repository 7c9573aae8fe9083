namespace ClustersCord.Domain.Benchmarking;

public enum ReportKind
{
    Pdf,
    Xlsx,
    Csv,
}

/// <summary>What a published document is, for the website's documents page (the API's <c>kind</c>).</summary>
public enum DocumentKind
{
    BenchmarkingReport,
    PolicyRecommendation,
    Presentation,
    Publication,
}

/// <summary>An uploaded benchmarking report: its metadata; the file itself is a blob under a generated name.</summary>
public sealed record BenchmarkReport
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required int Year { get; init; }
    public required Visibility Visibility { get; init; }
    public required ReportKind Kind { get; init; }
    /// <summary>What the document is; reports stored before documents had kinds are benchmarking reports.</summary>
    public DocumentKind DocumentKind { get; init; } = DocumentKind.BenchmarkingReport;
    public required long Size { get; init; }
    public required string Sha256 { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    /// <summary>The uploader's file name as sent (path and control characters removed); never a storage name nor a download name.</summary>
    public required string FileName { get; init; }
    public required string BlobName { get; init; }

    public string ContentType => ContentTypeOf(Kind);

    /// <summary>The name the file downloads under: by the type found in its content (see <see cref="ReportFileName"/>).</summary>
    public string DownloadName => ReportFileName.For(FileName, Kind, Id);

    public static string ContentTypeOf(ReportKind kind) => kind switch
    {
        ReportKind.Pdf => "application/pdf",
        ReportKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/csv",
    };
}
