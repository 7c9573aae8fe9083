using System.Text;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// Decides what a file is from its bytes, fed chunk by chunk as it streams past (nothing is held but the
/// first and last bytes): a PDF starts with <c>%PDF-</c> and ends with <c>%%EOF</c> (so a truncated one
/// is refused); an XLSX is a ZIP (<c>PK\x03\x04</c> … end-of-central-directory) holding
/// <c>[Content_Types].xml</c> and <c>xl/workbook</c>; a CSV is UTF-8 text without NUL bytes. Anything
/// else — an executable with a .pdf name, an empty file — is none of them.
/// </summary>
public sealed class ContentSniffer
{
    private const int TailSize = 2048;
    /// <summary>Longer than any marker searched for.</summary>
    private const int Seam = 32;
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] PdfEnd = "%%EOF"u8.ToArray();
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEnd = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] ContentTypes = "[Content_Types].xml"u8.ToArray();
    private static readonly byte[] Workbook = "xl/workbook"u8.ToArray();

    private readonly byte[] _head = new byte[8];
    private readonly byte[] _tail = new byte[TailSize];
    private readonly Decoder _utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _scratch = new char[64 * 1024];
    private byte[] _carry = [];
    private int _headLength;
    private int _tailLength;
    private long _length;
    private bool _hasNul;
    private bool _isUtf8 = true;
    private bool _hasContentTypes;
    private bool _hasWorkbook;

    public long Length => _length;

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
        // Markers may straddle two chunks: besides the chunk itself, search the seam (the end of the last
        // chunk joined to the start of this one).
        var seam = new byte[_carry.Length + Math.Min(Seam, chunk.Length)];
        _carry.CopyTo(seam, 0);
        chunk[..(seam.Length - _carry.Length)].CopyTo(seam.AsSpan(_carry.Length));
        _hasContentTypes |= chunk.IndexOf(ContentTypes) >= 0 || seam.AsSpan().IndexOf(ContentTypes) >= 0;
        _hasWorkbook |= chunk.IndexOf(Workbook) >= 0 || seam.AsSpan().IndexOf(Workbook) >= 0;
        _carry = chunk.Length >= Seam ? chunk[^Seam..].ToArray() : seam.AsSpan(Math.Max(0, seam.Length - Seam)).ToArray();
        KeepTail(chunk);
        _length += chunk.Length;
    }

    /// <summary>What the bytes seen so far are, or null when they are none of the accepted kinds.</summary>
    public ReportKind? Result()
    {
        if (_length == 0)
        {
            return null;
        }
        var head = _head.AsSpan(0, _headLength);
        var tail = _tail.AsSpan(0, _tailLength);
        if (head.StartsWith(Pdf))
        {
            return tail.IndexOf(PdfEnd) >= 0 ? ReportKind.Pdf : null;
        }
        if (head.StartsWith(Zip))
        {
            return _hasContentTypes && _hasWorkbook && tail.LastIndexOf(ZipEnd) >= 0 ? ReportKind.Xlsx : null;
        }
        return _isUtf8 && !_hasNul && IsText(tail) ? ReportKind.Csv : null;
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
