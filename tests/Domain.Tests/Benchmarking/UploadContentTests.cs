using System.IO.Compression;
using System.Text;
using ClustersCord.Domain.Benchmarking;

namespace ClustersCord.Domain.Tests.Benchmarking;

public sealed class UploadContentTests
{
    private static ReportKind? Sniff(byte[] bytes, int chunkSize = 4096)
    {
        var sniffer = new ContentSniffer();
        foreach (var chunk in bytes.Chunk(chunkSize))
        {
            sniffer.Append(chunk);
        }
        using var archive = new MemoryStream(bytes);
        return sniffer.Result(sniffer.IsZip ? archive : null);
    }

    private static byte[] Zip(Action<ZipArchive> fill)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }
        return memory.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    private static byte[] Workbook(Action<ZipArchive>? extra = null) => Zip(zip =>
    {
        Write(zip, "[Content_Types].xml",
            "<Types><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
        Write(zip, "xl/workbook.xml", "<workbook/>");
        extra?.Invoke(zip);
    });

    [Theory]
    [InlineData("<html><body>x</body></html>")]
    [InlineData("\uFEFF  \r\n<!doctype html>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<?xml version=\"1.0\"?>")]
    [InlineData("a,b\n1,<b>bold</b>\n")]
    [InlineData("a,b\n1,2\n</td>")]
    public void Markup_in_the_first_kib_is_not_csv(string text) => Assert.Null(Sniff(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void A_script_element_split_across_chunks_far_into_the_file_is_found()
    {
        var text = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 1000)) + "x,<SCRIPT>alert(1)</SCRIPT>\n";
        var bytes = Encoding.UTF8.GetBytes(text);

        foreach (var chunk in new[] { 1, 3, 7, 4005, 4006 })
        {
            Assert.Null(Sniff(bytes, chunk));
        }
    }

    [Theory]
    [InlineData("indicator,value\nshare <5 employees,0.4\n")]
    [InlineData("a,b\nx < y,1\n")]
    [InlineData("cluster;členové\nžluťoučký;40\n")]
    public void Tables_with_less_than_signs_are_csv(string text) => Assert.Equal(ReportKind.Csv, Sniff(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void A_workbook_is_opened_and_accepted()
    {
        Assert.Equal(ReportKind.Xlsx, Sniff(Workbook()));
        Assert.Equal(ReportKind.Xlsx, Sniff(Workbook(zip => Write(zip, "xl/worksheets/sheet1.xml", new string('a', 50_000)))));
    }

    [Fact]
    public void A_zip_without_the_archive_to_open_is_not_a_workbook()
    {
        var sniffer = new ContentSniffer();
        sniffer.Append(Workbook());

        Assert.Null(sniffer.Result());
    }

    [Fact]
    public void A_zip_bomb_is_refused_however_small()
    {
        var bomb = Workbook(zip =>
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[16 * 1024 * 1024]);
        });

        Assert.True(bomb.Length < 100_000);
        Assert.Null(Sniff(bomb));
    }

    [Fact]
    public void More_entries_than_allowed_are_refused()
    {
        var crowded = Workbook(zip =>
        {
            for (var i = 0; i < WorkbookArchive.MaxEntries; i++)
            {
                Write(zip, $"xl/n{i}.xml", "<x/>");
            }
        });

        Assert.Null(Sniff(crowded));
    }

    [Fact]
    public void Marker_strings_outside_a_real_zip_are_not_a_workbook()
    {
        byte[] fake = [.. "PK\u0003\u0004[Content_Types].xml xl/workbook.xml spreadsheetml.sheet.main+xml PK\u0005\u0006"u8, .. new byte[18]];

        Assert.Null(Sniff(fake));
        Assert.Null(Sniff(Zip(zip => { Write(zip, "[Content_Types].xml", "<Types/>"); Write(zip, "xl/workbook.xml", "<workbook/>"); })));
    }

    [Theory]
    [InlineData("report.html", ReportKind.Csv, "report.csv")]
    [InlineData("Benchmarking Report 2011 (final).pdf", ReportKind.Pdf, "Benchmarking Report 2011 (final).pdf")]
    [InlineData("C:\\Users\\x\\evil.pdf.exe", ReportKind.Pdf, "evil_pdf.pdf")]
    [InlineData("../../etc/passwd", ReportKind.Csv, "passwd.csv")]
    [InlineData("a\"b;c\r\n.xlsx", ReportKind.Xlsx, "a_b_c.xlsx")]
    [InlineData("", ReportKind.Xlsx, "report-abc.xlsx")]
    [InlineData(".htaccess", ReportKind.Csv, "htaccess.csv")]
    [InlineData("Výroční zpráva.pdf", ReportKind.Pdf, "Výroční zpráva.pdf")]
    public void Download_names_take_the_extension_of_the_detected_type(string uploaded, ReportKind kind, string expected)
        => Assert.Equal(expected, ReportFileName.For(uploaded, kind, "abc"));

    [Theory]
    [InlineData("1e29")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1000000000000.5")]
    [InlineData("-1e13")]
    public void Values_not_finite_or_beyond_a_trillion_are_refused(string value)
    {
        var (parsed, reason) = IndicatorLine.Parse("alpha", "2011", "members", value, "count", null);

        Assert.Null(parsed);
        Assert.StartsWith("value", reason);
    }

    [Theory]
    [InlineData("1e12", 1_000_000_000_000)]
    [InlineData("-1000000000000", -1_000_000_000_000)]
    [InlineData("0.000001", 0.000001)]
    public void Values_up_to_a_trillion_are_accepted(string value, double expected)
        => Assert.Equal((decimal)expected, IndicatorLine.Parse("alpha", "2011", "members", value, "count", null).Value!.Value);
}
