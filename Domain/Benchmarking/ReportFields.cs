using System.Globalization;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>The fields of a report upload, checked all at once.</summary>
public sealed record ReportFields(string Title, int Year, Visibility Visibility, ReportKind Kind, DocumentKind DocumentKind = DocumentKind.BenchmarkingReport)
{
    /// <param name="kind">What the file is by its content; null when it is none of the accepted kinds.</param>
    /// <param name="size">The file's size; null when no file was sent.</param>
    /// <param name="documentKind">The form's <c>kind</c> field: what the document is; absent or empty for a benchmarking report.</param>
    public static ReportFields? Validate(string? title, string? year, string? visibility, ReportKind? kind, long? size, ValidationErrors errors,
        string? documentKind = null)
    {
        var checkedTitle = TextRules.Check(errors, "title", title, 200, required: true);
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedYear) || !BenchmarkYear.IsValid(parsedYear))
        {
            errors.Add("year", BenchmarkYear.Rule);
        }
        var parsedVisibility = Enums.Parse<Visibility>(visibility);
        if (parsedVisibility is null)
        {
            errors.Add("visibility", "One of " + Enums.Names<Visibility>() + ".");
        }
        var parsedDocumentKind = string.IsNullOrWhiteSpace(documentKind) ? DocumentKind.BenchmarkingReport : Enums.Parse<DocumentKind>(documentKind.Trim());
        if (parsedDocumentKind is null)
        {
            errors.Add("kind", "One of " + Enums.Names<DocumentKind>() + ".");
        }
        if (size is null)
        {
            errors.Add("file", "A file is required.");
        }
        else if (kind is null)
        {
            errors.Add("file", size == 0 ? "The file is empty." : "Only PDF, XLSX and CSV files are accepted, judged by their content.");
        }
        return errors.IsEmpty ? new ReportFields(checkedTitle!, parsedYear, parsedVisibility!.Value, kind!.Value, parsedDocumentKind!.Value) : null;
    }
}
