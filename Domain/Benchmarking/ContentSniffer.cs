using System.Text;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// Decides what a file is from its bytes, fed chunk by chunk as it streams past (nothing is held but the
/// first and last bytes): a PDF starts with <c>%PDF-</c> and ends with <c>%%EOF</c> and white space (so a
/// truncated one, or one with a page glued after it, is refused); an XLSX starts as a ZIP and is then opened as one (<see cref="WorkbookArchive"/>), marker
/// strings in other bytes count for nothing; a CSV is UTF-8 text without NUL or control bytes that is not
/// markup (<see cref="MarkupCheck"/>). Anything else — an executable with a .pdf name, an HTML page with a
/// .csv name, an empty file — is none of them.
/// </summary>
public sealed class ContentSniffer
{
    private const int TailSize = 2048;
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] PdfEnd = "%%EOF"u8.ToArray();
    // PDF's white space (ISO 32000-1, 7.2.2): NUL, tab, line feed, form feed, carriage return, space.
    private static readonly byte[] PdfWhiteSpace = [0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    private readonly byte[] _head = new byte[8];
    private readonly byte[] _tail = new byte[TailSize];
    private readonly Decoder _utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _scratch = new char[64 * 1024];
    private readonly MarkupCheck _markup = new();
    private int _headLength;
    private int _tailLength;
    private long _length;
    private bool _hasNul;
    private bool _isUtf8 = true;

    public long Length => _length;

    /// <summary>True once the first bytes say ZIP: the caller must keep the whole file for <see cref="Result"/>.</summary>
    public bool IsZip => _head.AsSpan(0, _headLength).StartsWith(Zip);

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }
        for (var i = 0; _headLength < _head.Length && i < chunk.Length; i++)
        {
            _head[_headLength++] = chunk[i];
        }
        _hasNul |= chunk.IndexOf((byte)0) >= 0;
        CheckUtf8(chunk);
        _markup.Append(chunk);
        KeepTail(chunk);
        _length += chunk.Length;
    }

    /// <summary>What the bytes seen so far are, or null when they are none of the accepted kinds.</summary>
    /// <param name="archive">For a ZIP (<see cref="IsZip"/>), the whole file, seekable; a ZIP without it is refused.</param>
    public ReportKind? Result(Stream? archive = null)
    {
        if (_length == 0)
        {
            return null;
        }
        var head = _head.AsSpan(0, _headLength);
        var tail = _tail.AsSpan(0, _tailLength);
        if (head.StartsWith(Pdf))
        {
            return EndsAsPdf(tail) ? ReportKind.Pdf : null;
        }
        if (IsZip)
        {
            return archive is not null && WorkbookArchive.IsWorkbook(archive) ? ReportKind.Xlsx : null;
        }
        return _isUtf8 && !_hasNul && IsText(tail) && !_markup.Found ? ReportKind.Csv : null;
    }

    /// <summary>
    /// Whether the last <c>%%EOF</c> is followed by nothing but white space. An incremental update appends
    /// objects and another <c>%%EOF</c>, so only the last one counts; anything after it (an HTML page glued
    /// to a PDF) is no part of the document, and a file cut short has no <c>%%EOF</c> near its end at all.
    /// </summary>
    private static bool EndsAsPdf(ReadOnlySpan<byte> tail)
    {
        var end = tail.LastIndexOf(PdfEnd);
        return end >= 0 && tail[(end + PdfEnd.Length)..].IndexOfAnyExcept(PdfWhiteSpace) < 0;
    }

    private void CheckUtf8(ReadOnlySpan<byte> chunk)
    {
        if (!_isUtf8)
        {
            return;
        }
        try
        {
            for (var offset = 0; offset < chunk.Length; offset += _scratch.Length / 4)
            {
                var piece = chunk.Slice(offset, Math.Min(_scratch.Length / 4, chunk.Length - offset));
                _utf8.GetChars(piece, _scratch, flush: false);
            }
        }
        catch (DecoderFallbackException)
        {
            _isUtf8 = false;
        }
    }

    private void KeepTail(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= TailSize)
        {
            chunk[^TailSize..].CopyTo(_tail);
            _tailLength = TailSize;
            return;
        }
        var keep = Math.Min(_tailLength, TailSize - chunk.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + chunk.Length;
    }

    /// <summary>Text in the tail: no control characters but tab, line breaks and form feed.</summary>
    private static bool IsText(ReadOnlySpan<byte> tail)
    {
        foreach (var b in tail)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
            {
                return false;
            }
        }
        return true;
    }
}
