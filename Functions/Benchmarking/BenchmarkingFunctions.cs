using System.Globalization;
using System.Text;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ClustersCord.Functions.Composition;

namespace ClustersCord.Functions.Benchmarking;

/// <summary>Benchmarking results: reports by visibility, indicator statistics, a cluster among its peers; organisers' uploads.</summary>
public sealed class BenchmarkingFunctions(
    IReportStore reports,
    ReportUploads uploads,
    IndicatorStatistics indicators,
    StorageContainers containers,
    Audiences audiences,
    IOptions<BenchmarkingOptions> options,
    ILogger<BenchmarkingFunctions> logger)
{
    private const long MaxIndicatorCsvBytes = 10 * 1024 * 1024;

    [Function("ListReports")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "benchmarking/reports")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var audience = audiences.Of(request);
            var visible = (await reports.ListAsync(cancellationToken))
                .Where(r => audience.CanSee(r.Visibility))
                .OrderByDescending(r => r.Year).ThenByDescending(r => r.UploadedAt)
                .Select(r => ReportResponse.From(r, includeHash: audience == Audience.Organiser));
            return ApiResults.Ok(new { items = visible });
        });

    [Function("ReportContent")]
    public Task<IActionResult> Content(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "benchmarking/reports/{reportId}/content")] HttpRequest request,
        string reportId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var report = await reports.GetAsync(reportId, cancellationToken);
            // A report the caller may not see answers exactly like one that does not exist.
            if (report is null || !audiences.Of(request).CanSee(report.Visibility))
            {
                return ApiResults.NotFound("No such report.");
            }
            var container = await containers.GetAsync(ContainerNames.Documents, cancellationToken);
            var download = await container.GetBlobClient(report.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new StreamActionResult(download.Value.Content, report.ContentType, download.Value.Details.ContentLength, report.DownloadName);
        });

    [Function("UploadReport")]
    public Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/benchmarking/reports")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, () => uploads.UploadAsync(request, cancellationToken));

    [Function("ImportIndicators")]
    public Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/benchmarking/indicators")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxIndicatorCsvBytes, [BodyKind.Csv], cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (lines, headerProblem) = IndicatorCsv.Read(body!.Text);
            if (headerProblem is not null)
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["header"] = [headerProblem] });
            }
            var report = await indicators.ImportAsync(lines, cancellationToken);
            return ApiResults.Ok(new
            {
                imported = report.Imported,
                changed = report.Changed,
                rejected = report.Rejected.Select(r => new { line = r.Line, reason = r.Reason }),
            });
        });

    [Function("IndicatorSummary")]
    public Task<IActionResult> Summary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "benchmarking/indicators")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var year = Year(request, errors);
            var sector = ApiQuery.Enum<Sector>(request, "sector", errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var (shownYear, items) = await indicators.SummaryAsync(year, sector, audiences.Of(request), options.Value.MinimumGroupSize, cancellationToken);
            return ApiResults.Ok(new { year = shownYear, items = items.Select(IndicatorSummaryResponse.From) });
        });

    [Function("ClusterBenchmark")]
    public Task<IActionResult> Cluster(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "benchmarking/clusters/{clusterId}")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            // One cluster's own figures: for the project's observers and organisers only.
            if (audiences.Of(request) is Audience.Public)
            {
                return ApiResults.Unauthorized();
            }
            var errors = new ValidationErrors();
            var year = Year(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var (shownYear, items) = await indicators.StandingAsync(clusterId, year, options.Value.MinimumGroupSize, cancellationToken);
            return items.Count == 0
                ? ApiResults.NotFound("No indicator values for this cluster in that year.")
                : ApiResults.Ok(new
                {
                    clusterId,
                    year = shownYear,
                    items = items.Select(IndicatorStandingResponse.From),
                });
        });

    private static int? Year(HttpRequest request, ValidationErrors errors)
        => ApiQuery.Integer(request, "year", BenchmarkYear.First, BenchmarkYear.Last, BenchmarkYear.Rule, errors);

}

/// <summary>Reads an indicator table with CsvHelper: columns by header name, each line checked on its own.</summary>
public static class IndicatorCsv
{
    public static (IReadOnlyList<(int Line, IndicatorValue? Value, string? Reason)> Lines, string? HeaderProblem) Read(string csv)
    {
        var lines = new List<(int, IndicatorValue?, string?)>();
        try
        {
            using var reader = CsvReader.FromText(csv, new CsvReaderOptions { TrackLineNumbers = true });
            var headers = reader.Headers;
            var missing = IndicatorLine.Columns.Where(c => !headers.Contains(c, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (missing.Length > 0)
            {
                return ([], "Missing columns: " + string.Join(", ", missing) + ". Expected clusterId,year,indicator,value,unit and optionally area.");
            }
            var hasArea = headers.Contains("area", StringComparer.OrdinalIgnoreCase);
            while (reader.Read())
            {
                var (value, reason) = IndicatorLine.Parse(
                    reader.GetStringOrNull("clusterId"), reader.GetStringOrNull("year"), reader.GetStringOrNull("indicator"),
                    reader.GetStringOrNull("value"), reader.GetStringOrNull("unit"), hasArea ? reader.GetStringOrNull("area") : null);
                lines.Add(((int)reader.LineNumber, value, reason));
            }
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException)
        {
            return (lines, "The file is not readable CSV: " + e.Message);
        }
        return (lines, null);
    }
}
