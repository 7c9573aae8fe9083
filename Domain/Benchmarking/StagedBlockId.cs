using System.Globalization;
using System.Text;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// Block ids of a report upload: base64 of <c>{UTC ticks, 19 digits}-{index, 8 digits}</c>, one width for
/// every block of a blob as Blob Storage requires. The time they carry is how a sweep tells a staged upload
/// that was abandoned (and could not be discarded) from one still arriving: storage gives uncommitted
/// blocks no date of their own.
/// </summary>
public static class StagedBlockId
{
    private const int TicksDigits = 19;
    private const int IndexDigits = 8;

    public static string Encode(DateTimeOffset stagedAt, int index)
        => Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{stagedAt.UtcTicks:D19}-{index:D8}")));

    /// <summary>When the block was staged, or null for an id not made by <see cref="Encode"/>.</summary>
    public static DateTimeOffset? StagedAt(string blockId)
    {
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(blockId, bytes, out var written) || written != TicksDigits + 1 + IndexDigits || bytes[TicksDigits] != '-')
        {
            return null;
        }
        var text = Encoding.ASCII.GetString(bytes[..written]);
        return long.TryParse(text.AsSpan(0, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && int.TryParse(text.AsSpan(TicksDigits + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
               && ticks <= DateTime.MaxValue.Ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }
}
