using ClustersCord.Domain.Benchmarking;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>Maps report metadata to its stored shape and back; reads every version up to <see cref="StoredReport.Current"/>.</summary>
public static class ReportShape
{
    public static StoredReport ToStored(BenchmarkReport r) => new()
    {
        Version = StoredReport.Current,
        Id = r.Id,
        Title = r.Title,
        Year = r.Year,
        Visibility = StoredNames.Visibility.Of(r.Visibility),
        Kind = StoredNames.ReportKind.Of(r.Kind),
        Size = r.Size,
        Sha256 = r.Sha256,
        UploadedAt = r.UploadedAt,
        FileName = r.FileName,
        BlobName = r.BlobName,
        DocumentKind = StoredNames.DocumentKind.Of(r.DocumentKind),
    };

    /// <summary>Version 0 differs from 1 only in how enum values are spelt, which <see cref="StoredName{T}"/> reads either way.</summary>
    public static BenchmarkReport ToDomain(StoredReport s) => new()
    {
        Id = s.Id,
        Title = s.Title,
        Year = s.Year,
        Visibility = StoredNames.Visibility.Parse(s.Visibility),
        Kind = StoredNames.ReportKind.Parse(s.Kind),
        Size = s.Size,
        Sha256 = s.Sha256,
        UploadedAt = s.UploadedAt,
        FileName = s.FileName,
        BlobName = s.BlobName,
        DocumentKind = s.DocumentKind is null ? DocumentKind.BenchmarkingReport : StoredNames.DocumentKind.Parse(s.DocumentKind),
    };
}
