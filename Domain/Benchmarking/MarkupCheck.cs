namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// Finds markup in what claims to be CSV, so no HTML, SVG or XML is ever stored as a table a browser might
/// render. Anywhere in the file, not only near its start, it refuses whatever an HTML parser reads as the
/// start of a tag — <c>&lt;</c> then a letter, <c>/</c>, <c>!</c> or <c>?</c> — so
/// every element and attribute is refused, not a list of known ones; and the script URL schemes
/// <c>javascript:</c> and <c>vbscript:</c> in any case, with the tabs and line breaks a URL parser strips
/// inside them. A table of figures has no reason to hold either; <c>a &lt; b</c>, <c>&lt;5</c> and
/// <c>x &lt;= y</c> stay acceptable. Fed byte by byte as the file streams past, so a split chunk hides nothing.
/// </summary>
public sealed class MarkupCheck
{
    private static readonly byte[][] Schemes = ["javascript:"u8.ToArray(), "vbscript:"u8.ToArray()];

    private readonly int[] _matched = new int[Schemes.Length];
    private byte _previous;

    public bool Found { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        for (var i = 0; i < chunk.Length && !Found; i++)
        {
            var b = chunk[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(chunk[i] | 0x20) : chunk[i];
            Found = (_previous == '<' && (b is >= (byte)'a' and <= (byte)'z' or (byte)'/' or (byte)'!' or (byte)'?')) || EndsScheme(b);
            _previous = b;
        }
    }

    /// <summary>Whether this byte completes a script scheme (none of them repeats its first letter, so a restart needs no table).</summary>
    private bool EndsScheme(byte b)
    {
        if (b is (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            return false;
        }
        for (var s = 0; s < Schemes.Length; s++)
        {
            var scheme = Schemes[s];
            _matched[s] = scheme[_matched[s]] == b ? _matched[s] + 1 : scheme[0] == b ? 1 : 0;
            if (_matched[s] == scheme.Length)
            {
                return true;
            }
        }
        return false;
    }
}
