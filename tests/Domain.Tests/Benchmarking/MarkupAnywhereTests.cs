using System.Text;
using ClustersCord.Domain.Benchmarking;

namespace ClustersCord.Domain.Tests.Benchmarking;

/// <summary>Issue 13, point 6 re-tested: any tag or script URL anywhere refuses a CSV; a PDF ends at its last %%EOF.</summary>
public sealed class MarkupAnywhereTests
{
    private static readonly string Table = "cluster,members\n" + string.Concat(Enumerable.Repeat("alpha,40\n", 400));

    private static ReportKind? Sniff(string text, int chunkSize = 4096)
    {
        var sniffer = new ContentSniffer();
        foreach (var chunk in Encoding.UTF8.GetBytes(text).Chunk(chunkSize))
        {
            sniffer.Append(chunk);
        }
        return sniffer.Result();
    }

    public static TheoryData<string> ScriptCapable() =>
    [
        "<details open ontoggle=alert(1)>", "<video><source onerror=alert(1)></video>", "<input autofocus onfocus=alert(1)>",
        "<marquee onstart=alert(1)>", "<x onclick=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<plaintext>", "</p>",
        "<!-- x -->", "<?php echo 1; ?>", "<![CDATA[x]]>", "x,javascript:alert(1)", "x,JavaScript:alert(1)", "x,java\tscr\nipt:alert(1)",
        "x,vbscript:msgbox(1)", "x,jjavascript:1",
    ];

    [Theory]
    [MemberData(nameof(ScriptCapable))]
    public void Markup_or_a_script_url_after_the_first_kib_is_not_csv(string markup)
    {
        Assert.True(Table.Length > 2048);
        foreach (var chunk in new[] { 1, 2, 7, 4096 })
        {
            Assert.Null(Sniff(Table + markup + "\n", chunk));
        }
    }

    [Theory]
    [InlineData("a,b\nx < y,1\n")]
    [InlineData("share,<5 employees\n")]
    [InlineData("rule,x <= y\n")]
    [InlineData("rule,a<=b\n")]
    [InlineData("arrow,a <- b\nempty,<>\n")]
    [InlineData("script,javascript is a language\nscheme,java: script\n")]
    public void Less_than_signs_and_words_stay_csv(string rows) => Assert.Equal(ReportKind.Csv, Sniff(Table + rows));

    [Theory]
    [InlineData("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")]
    [InlineData("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF")]
    [InlineData("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\r\n  \0\0\f")]
    [InlineData("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n2 0 obj << >> endobj\nxref\ntrailer << /Prev 9 >>\n%%EOF\r\n")] // an incremental update
    public void A_pdf_ending_at_its_last_eof_is_a_pdf(string pdf) => Assert.Equal(ReportKind.Pdf, Sniff(pdf));

    [Theory]
    [InlineData("%PDF-1.4\n%%EOF\n<html><script>alert(1)</script></html>")]
    [InlineData("%PDF-1.4\n%%EOF\nx")]
    [InlineData("%PDF-1.4\n%%EOF\n%%EOF <svg onload=alert(1)>")]
    [InlineData("%PDF-1.4\n1 0 obj << >> endobj\n")]
    public void A_pdf_with_anything_after_its_last_eof_is_refused(string pdf) => Assert.Null(Sniff(pdf, 3));
}
