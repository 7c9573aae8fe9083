using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Backoffice;

/// <summary>The organisers' exports: the Excel workbook (opened with a reader) and the CSV's separators.</summary>
public sealed class ExportsTests(TestStack stack) : IClassFixture<TestStack>
{
    private static string NewEmail() => $"x{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task The_workbook_has_a_sheet_per_status_a_frozen_bold_header_typed_cells_and_no_formulas()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 2));
        var hostile = Api.Person(NewEmail(), firstName: "=HYPERLINK(\"http://evil.example\")");
        hostile["organisation"] = "+cmd|' /C calc'!A0";
        hostile["studyVisit"] = true;
        var confirmed = await stack.RegisteredAsync(eventId, hostile);
        var cancelled = await stack.RegisteredAsync(eventId, Api.Person(NewEmail(), firstName: "Karel"));
        var waiting = await stack.RegisteredAsync(eventId, Api.Person(NewEmail(), firstName: "Zdenek"));
        await stack.RegisteredAsync(eventId, Api.Person(NewEmail(), firstName: "Olga"));
        await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/registrations/{confirmed.GetProperty("id").GetString()}/check-in", null);
        // Karel cancels: Zdenek is promoted, Olga still waits.
        await stack.Organiser.DeleteAsync($"/api/manage/events/{eventId}/registrations/{cancelled.GetProperty("id").GetString()}");

        var response = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["confirmed", "waitlisted", "cancelled"], workbook.Worksheets.Select(w => w.Name));
        var sheet = workbook.Worksheet("confirmed");
        var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal("id", header[0]);
        Assert.True(sheet.Row(1).Cell(1).Style.Font.Bold);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.True(sheet.Column(header.IndexOf("email") + 1).Width > 20);
        IXLCell Cell(IXLWorksheet s, int row, string column) => s.Cell(row, header.IndexOf(column) + 1);

        Assert.Equal(3, sheet.LastRowUsed().RowNumber());
        var rows = Enumerable.Range(2, 2).ToDictionary(r => Cell(sheet, r, "id").GetString());
        var hostileRow = rows[confirmed.GetProperty("id").GetString()!];
        var name = Cell(sheet, hostileRow, "firstName");
        Assert.False(name.HasFormula);
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", name.GetString());
        Assert.False(Cell(sheet, hostileRow, "organisation").HasFormula);
        Assert.Equal(XLDataType.Boolean, Cell(sheet, hostileRow, "studyVisit").DataType);
        Assert.True(Cell(sheet, hostileRow, "studyVisit").GetBoolean());
        Assert.Equal(XLDataType.DateTime, Cell(sheet, hostileRow, "registeredAt (UTC)").DataType);
        Assert.Equal(TestStack.Start.UtcDateTime, Cell(sheet, hostileRow, "registeredAt (UTC)").GetDateTime(), TimeSpan.FromMinutes(5));
        Assert.Equal(XLDataType.DateTime, Cell(sheet, hostileRow, "checkedInAt (UTC)").DataType);
        Assert.Contains(waiting.GetProperty("id").GetString()!, rows.Keys);

        var waitlist = workbook.Worksheet("waitlisted");
        Assert.Equal("Olga", Cell(waitlist, 2, "firstName").GetString());
        Assert.Equal(XLDataType.Number, Cell(waitlist, 2, "waitlistTicket").DataType);
        Assert.Equal("Karel", Cell(workbook.Worksheet("cancelled"), 2, "firstName").GetString());
        Assert.Equal(XLDataType.DateTime, Cell(workbook.Worksheet("cancelled"), 2, "cancelledAt (UTC)").DataType);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.GetAsync("/api/manage/events/no-such-event/registrations.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Client.GetAsync($"/api/manage/events/{eventId}/registrations.xlsx")).StatusCode);
    }

    [Theory]
    [InlineData("", ',')]
    [InlineData("?separator=comma", ',')]
    [InlineData("?separator=semicolon", ';')]
    [InlineData("?separator=tab", '\t')]
    public async Task The_csv_starts_with_a_byte_order_mark_and_uses_the_separator_asked_for(string query, char separator)
    {
        var eventId = await stack.CreateEventAsync();
        var person = Api.Person(NewEmail());
        person["organisation"] = "Cluster; Partner, s.r.o.";
        await stack.RegisteredAsync(eventId, person);

        var response = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations.csv{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith($"id{separator}status{separator}firstName", lines[0]);
        // The organisation holds the separator (comma, semicolon): quoted, so it stays one column.
        var organisation = separator == '\t' ? "Cluster; Partner, s.r.o." : "\"Cluster; Partner, s.r.o.\"";
        Assert.Contains(organisation, lines[1]);
        Assert.Equal(lines[0].Split(separator).Length, lines[1].Replace(organisation, "x").Split(separator).Length);
    }

    [Fact]
    public async Task Another_separator_is_a_problem_answer()
    {
        var eventId = await stack.CreateEventAsync();

        var response = await stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations.csv?separator=pipe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("separator", out _));
    }
}
