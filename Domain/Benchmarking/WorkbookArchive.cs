using System.Buffers.Binary;
using System.IO.Compression;

namespace ClustersCord.Domain.Benchmarking;

/// <summary>
/// Decides whether a ZIP is an Excel workbook by opening it, with bounded inflation: at most
/// <see cref="MaxEntries"/> entries, at most <see cref="MaxInflatedBytes"/> inflated in all, and no entry
/// (nor the whole) inflating more than <see cref="MaxRatio"/> times its compressed size. Sizes are counted
/// while reading, never taken from the headers, which a zip bomb may fill with anything. A workbook holds
/// <c>[Content_Types].xml</c> declaring the SpreadsheetML main part, and <c>xl/workbook.xml</c>; macro-enabled
/// workbooks (another main content type) are not accepted.
/// </summary>
public static class WorkbookArchive
{
    public const int MaxEntries = 1000;
    public const long MaxInflatedBytes = 200L * 1024 * 1024;
    public const int MaxRatio = 100;
    /// <summary>Small entries compress far beyond any ratio (an empty sheet is mostly repetition); only larger ones are held to it.</summary>
    private const long RatioGrace = 1024 * 1024;
    private const string MainContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private const int EndRecordSize = 22;
    private const uint EndSignature = 0x06054b50;

    /// <param name="archive">The whole file, readable and seekable.</param>
    public static bool IsWorkbook(Stream archive)
    {
        try
        {
            if (DeclaredEntries(archive) is not (> 0 and <= MaxEntries))
            {
                return false;
            }
            archive.Position = 0;
            using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
            {
                return false;
            }
            var hasWorkbook = false;
            var declaresSpreadsheet = false;
            long inflated = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                var isContentTypes = entry.FullName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase);
                hasWorkbook |= entry.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase);
                using var content = entry.Open();
                using var text = isContentTypes ? new MemoryStream() : null;
                long entryInflated = 0;
                int read;
                while ((read = content.Read(buffer)) > 0)
                {
                    entryInflated += read;
                    inflated += read;
                    if (inflated > MaxInflatedBytes || entryInflated > RatioGrace && entryInflated > MaxRatio * Math.Max(1, entry.CompressedLength)
                        || inflated > RatioGrace && inflated > MaxRatio * archive.Length)
                    {
                        return false;
                    }
                    if (text is not null && text.Length < 1024 * 1024)
                    {
                        text.Write(buffer, 0, read);
                    }
                }
                if (text is not null)
                {
                    declaresSpreadsheet = System.Text.Encoding.UTF8.GetString(text.ToArray()).Contains(MainContentType, StringComparison.Ordinal);
                }
            }
            return hasWorkbook && declaresSpreadsheet;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The entry count the end-of-central-directory record declares, read before the archive is parsed so a
    /// directory of a million entries is refused without building it; null when there is no such record or it
    /// points to ZIP64 (which no workbook of an accepted size needs).
    /// </summary>
    private static int? DeclaredEntries(Stream archive)
    {
        var tailLength = (int)Math.Min(archive.Length, EndRecordSize + ushort.MaxValue);
        if (tailLength < EndRecordSize)
        {
            return null;
        }
        var tail = new byte[tailLength];
        archive.Position = archive.Length - tailLength;
        archive.ReadExactly(tail);
        for (var at = tailLength - EndRecordSize; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
            {
                continue;
            }
            var total = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            var directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 16));
            return total == ushort.MaxValue || directoryOffset == uint.MaxValue ? null : total;
        }
        return null;
    }
}
