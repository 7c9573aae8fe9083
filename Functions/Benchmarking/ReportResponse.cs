using System.Text.Json.Serialization;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Benchmarking;

public sealed record ReportResponse(
    string Id, string Title, int Year, string Visibility, string Kind, string ContentType, long Size, string FileName, DateTimeOffset UploadedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256)
{
    public static ReportResponse From(BenchmarkReport r, bool includeHash) => new(r.Id, r.Title, r.Year, Enums.Name(r.Visibility), Enums.Name(r.DocumentKind), r.ContentType,
        r.Size, r.DownloadName, r.UploadedAt, includeHash ? r.Sha256 : null);
}
