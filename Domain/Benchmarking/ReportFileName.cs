namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// The name a report downloads under: a safe stem of the uploader's name (letters, digits, spaces and
/// <c>-_(),</c>; anything else becomes <c>_</c>, every dot included, so no second extension survives) and the
/// extension of the type found by content, never the uploader's own extension.
/// </summary>
public static class ReportFileName
{
    private const int MaxStem = 100;

    public static string Extension(ReportKind kind) => kind switch
    {
        ReportKind.Pdf => "pdf",
        ReportKind.Xlsx => "xlsx",
        _ => "csv",
    };

    public static string For(string? uploaded, ReportKind kind, string id)
    {
        var name = (uploaded ?? "").Replace('\\', '/').Split('/')[^1];
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        var safe = new string(stem.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '(' or ')' or ',' ? c : '_').ToArray()).Trim(' ', '_');
        if (safe.Length > MaxStem)
        {
            safe = safe[..MaxStem].TrimEnd();
        }
        return (safe.Length == 0 ? "report-" + id : safe) + "." + Extension(kind);
    }
}
