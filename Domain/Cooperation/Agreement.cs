using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Cooperation;

public enum AgreementFormat
{
    Pdf,
    Docx,
}

/// <summary>One published version of the partnership agreement; the file is a blob under a generated name.</summary>
public sealed record AgreementVersion
{
    /// <summary>The version as organisers name it ("2012-11 final"); unique.</summary>
    public required string Version { get; init; }
    public required AgreementFormat Format { get; init; }
    public required long Size { get; init; }
    public required string Sha256 { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    public required string BlobName { get; init; }

    public string ContentType => ContentTypeOf(Format);

    public string DownloadName => "partnership-agreement-" + new string(Version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray())
        + (Format == AgreementFormat.Pdf ? ".pdf" : ".docx");

    public static string ContentTypeOf(AgreementFormat format) => format == AgreementFormat.Pdf
        ? "application/pdf"
        : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}

/// <summary>
/// A cluster's signature of the agreement. The cluster's name and country are kept as they were at signing,
/// so the record stands when the profile is withdrawn or changed; <see cref="SignedBy"/> is a person's name
/// (erased with that person), and <see cref="ContactKey"/> the key of the cluster contact's address at signing
/// (how erasure finds it; never the address).
/// </summary>
public sealed record Signatory
{
    public required string ClusterId { get; init; }
    public required string Name { get; init; }
    public required string Country { get; init; }
    public required string SignedBy { get; init; }
    public required DateOnly SignedAt { get; init; }
    public required string Place { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public required string ContactKey { get; init; }
}

public sealed record SignatoryInput
{
    public string? ClusterId { get; init; }
    public string? SignedBy { get; init; }
    public string? SignedAt { get; init; }
    public string? Place { get; init; }
}

/// <summary>Where the agreement's versions (metadata) and signatories are kept.</summary>
public interface IAgreementStore
{
    /// <summary>Adds a version; false when one of that name exists already.</summary>
    Task<bool> TryAddVersionAsync(AgreementVersion version, CancellationToken cancellationToken);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<AgreementVersion>> VersionsAsync(CancellationToken cancellationToken);

    /// <summary>Adds a signatory; false when the cluster has signed already.</summary>
    Task<bool> TryAddSignatoryAsync(Signatory signatory, CancellationToken cancellationToken);

    Task<IReadOnlyList<Signatory>> SignatoriesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The signatories as read at most a bounded time ago (the catalogue's hot path, which must not pay a
    /// storage round trip per query); a signatory added or replaced through this instance shows at once.
    /// Erasure and everything else that must see every signatory read <see cref="SignatoriesAsync"/>.
    /// </summary>
    Task<IReadOnlyList<Signatory>> RecentSignatoriesAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a signatory (erasure of the person who signed).</summary>
    Task ReplaceSignatoryAsync(Signatory signatory, CancellationToken cancellationToken);
}

/// <summary>
/// What an agreement file is, from its bytes: a PDF as <see cref="ContentSniffer"/> judges one (header, and
/// nothing after the last <c>%%EOF</c>), or a Word document: a ZIP whose <c>[Content_Types].xml</c> declares
/// the WordprocessingML main part and that holds <c>word/document.xml</c> (only that small part is inflated,
/// within a bound; macro-enabled documents declare another type and are refused). Anything else is null.
/// </summary>
public static class AgreementDocument
{
    public const int MaxEntries = 1000;
    private const long MaxContentTypesBytes = 1024 * 1024;
    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

    public static AgreementFormat? Sniff(byte[] content)
    {
        if (content.Length == 0)
        {
            return null;
        }
        var sniffer = new ContentSniffer();
        sniffer.Append(content);
        if (!sniffer.IsZip)
        {
            return sniffer.Result() == ReportKind.Pdf ? AgreementFormat.Pdf : null;
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries || zip.GetEntry("word/document.xml") is null || zip.GetEntry("[Content_Types].xml") is not { } types)
            {
                return null;
            }
            using var stream = types.Open();
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxContentTypesBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Contains(WordMain, StringComparison.Ordinal)
                ? AgreementFormat.Docx
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            return null;
        }
    }
}

public static class AgreementRules
{
    public const int MaxVersionLength = 60;
    public const int MaxNameLength = 200;
    public const int MaxPlaceLength = 120;

    public static string? CheckVersion(string? version, ValidationErrors errors)
        => TextRules.Check(errors, "version", version, MaxVersionLength, required: true);

    /// <summary>
    /// The signing date: ISO 8601 <c>YYYY-MM-DD</c> (a full date-time is read for its date), from 2000 and not
    /// later than <paramref name="today"/> plus a day (time zones).
    /// </summary>
    public static DateOnly? CheckDate(string? signedAt, DateOnly today, ValidationErrors errors)
    {
        var text = signedAt?.Trim();
        DateOnly date;
        if (string.IsNullOrEmpty(text))
        {
            errors.Add("signedAt", "Required.");
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment) && text.Contains('T'))
            {
                date = DateOnly.FromDateTime(moment.DateTime);
            }
            else
            {
                errors.Add("signedAt", "A date as YYYY-MM-DD, such as 2012-11-29.");
                return null;
            }
        }
        if (date.Year < 2000 || date > today.AddDays(1))
        {
            errors.Add("signedAt", "A date from 2000 until today.");
            return null;
        }
        return date;
    }
}
