namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// Finds markup in what claims to be CSV, so an HTML, SVG or XML page is never stored as a table a browser
/// might render. Two rules, both case-insensitive: within the first KiB (after a UTF-8 byte order mark,
/// where every content sniffer looks) no tag may start at all — <c>&lt;</c> followed by a letter, <c>!</c>,
/// <c>?</c> or <c>/</c>; anywhere in the file none of the elements that run script or load content may
/// appear (<c>&lt;script</c>, <c>&lt;html</c>, <c>&lt;svg</c>, <c>&lt;iframe</c>, <c>&lt;!doctype</c>, <c>&lt;?xml</c>, …).
/// A table of figures has no reason to hold either; <c>a &lt; b</c> and <c>&lt;5</c> stay acceptable.
/// </summary>
public sealed class MarkupCheck
{
    public const int HeadSize = 1024;
    private static readonly byte[][] Anywhere = [.. new[]
    {
        "<script", "<html", "<svg", "<iframe", "<frame", "<object", "<embed", "<!doctype", "<?xml", "<body", "<head", "<meta",
        "<link", "<style", "<base", "<form", "<img", "<math", "<xsl", "<!entity", "<!--", "<template", "<xml",
    }.Select(System.Text.Encoding.ASCII.GetBytes)];
    private static readonly int Seam = Anywhere.Max(m => m.Length) - 1;

    private byte[] _carry = [];
    private long _seen;

    public bool Found { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Found || chunk.IsEmpty)
        {
            return;
        }
        // Lower-cased ASCII copy of the chunk with the end of the previous one before it, so a marker split
        // across two chunks is still found.
        var text = new byte[_carry.Length + chunk.Length];
        _carry.CopyTo(text, 0);
        chunk.CopyTo(text.AsSpan(_carry.Length));
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = text[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(text[i] | 0x20) : text[i];
        }
        var start = _seen - _carry.Length;
        Found = InHead(text, start) || Anywhere.Any(m => text.AsSpan().IndexOf(m) >= 0);
        _seen += chunk.Length;
        _carry = text.Length > Seam ? text[^Seam..] : text;
    }

    private static bool InHead(byte[] text, long start)
    {
        var headEnd = HeadSize + 3 - start;
        for (var i = 0; i + 1 < text.Length && i < headEnd; i++)
        {
            if (text[i] == '<' && (text[i + 1] is >= (byte)'a' and <= (byte)'z' or (byte)'!' or (byte)'?' or (byte)'/'))
            {
                return true;
            }
        }
        return false;
    }
}
