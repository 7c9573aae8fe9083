using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>The organisers' meeting grid as a workbook, opened with a reader: slots × tables per day, and the typed list.</summary>
public sealed class MeetingGridXlsxTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task The_grid_shows_each_meeting_in_its_slot_row_and_table_column_and_the_list_has_typed_cells()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("=1+1");
        var (cyril, _) = await forum.JoinAsync("Cyril", sessions: [1]);
        var (dora, _) = await forum.JoinAsync("Dora", sessions: [1]);
        await forum.AcceptedAsync(anna, ben);
        await forum.AcceptedAsync(cyril, dora);
        var schedule = await stack.Organiser.PostAsync($"/api/manage/events/{forum.EventId}/meetings/schedule", null);
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        var meetings = (await stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings"))
            .GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, meetings.Length);

        var response = await stack.Organiser.GetAsync($"/api/manage/events/{forum.EventId}/meetings.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{forum.EventId}-meetings.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        // The forum's two sessions lie on two days (Europe/Vienna): a sheet each, then the list.
        var vienna = TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna");
        var day1 = TimeZoneInfo.ConvertTime(TestStack.Start.AddDays(30).AddHours(1), vienna);
        var day2 = TimeZoneInfo.ConvertTime(TestStack.Start.AddDays(30).AddHours(24), vienna);
        Assert.Equal([day1.ToString("yyyy-MM-dd"), day2.ToString("yyyy-MM-dd"), "List"], workbook.Worksheets.Select(w => w.Name));
        foreach (var (sheet, first) in new[] { (workbook.Worksheet(1), day1), (workbook.Worksheet(2), day2) })
        {
            Assert.Equal(["Time", "Table 1", "Table 2", "Table 3"], sheet.Row(1).CellsUsed().Select(c => c.GetString()));
            Assert.Equal(1, sheet.SheetView.SplitRow);
            Assert.Equal(1, sheet.SheetView.SplitColumn);
            // Six 20-minute slots per two-hour session, at the event's local time.
            Assert.Equal(7, sheet.LastRowUsed().RowNumber());
            Assert.Equal($"{first:HH:mm}–{first.AddMinutes(20):HH:mm}", sheet.Cell(2, 1).GetString());
            Assert.Equal($"{first.AddMinutes(100):HH:mm}–{first.AddMinutes(120):HH:mm}", sheet.Cell(7, 1).GetString());
        }
        var placed = 0;
        foreach (var meeting in meetings)
        {
            var starts = meeting.GetProperty("startsAt").GetDateTimeOffset();
            var local = TimeZoneInfo.ConvertTime(starts, vienna);
            var sheet = workbook.Worksheet(local.ToString("yyyy-MM-dd"));
            var row = sheet.Column(1).CellsUsed().Single(c => c.GetString().StartsWith($"{local:HH:mm}–", StringComparison.Ordinal)).Address.RowNumber;
            var cell = sheet.Cell(row, meeting.GetProperty("table").GetInt32() + 1);
            var names = meeting.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
            Assert.Equal($"{names[0]} (Moravian ICT Cluster) – {names[1]} (Moravian ICT Cluster)", cell.GetString());
            Assert.False(cell.HasFormula);
            placed++;
        }
        Assert.Equal(2, placed);
        // Nothing else is in the grid: two filled cells over both days.
        Assert.Equal(2, workbook.Worksheets.Take(2).Sum(s => s.CellsUsed().Count(c => c.Address.RowNumber > 1 && c.Address.ColumnNumber > 1)));
        // Cyril and Dora are only available on the second day.
        Assert.Contains(workbook.Worksheet(2).CellsUsed(), c => c.GetString().StartsWith("Cyril Nováková", StringComparison.Ordinal));

        var list = workbook.Worksheet("List");
        var header = list.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        IXLCell Cell(int row, string column) => list.Cell(row, header.IndexOf(column) + 1);
        Assert.Equal(1, list.SheetView.SplitRow);
        Assert.True(list.AutoFilter.IsEnabled);
        Assert.Equal(3, list.LastRowUsed().RowNumber());
        for (var i = 0; i < meetings.Length; i++)
        {
            var row = i + 2;
            var local = TimeZoneInfo.ConvertTime(meetings[i].GetProperty("startsAt").GetDateTimeOffset(), vienna);
            Assert.Equal(XLDataType.DateTime, Cell(row, "start (Europe/Vienna)").DataType);
            Assert.Equal(local.DateTime, Cell(row, "start (Europe/Vienna)").GetDateTime());
            Assert.Equal(local.DateTime.AddMinutes(20), Cell(row, "end (Europe/Vienna)").GetDateTime());
            Assert.Equal(XLDataType.Number, Cell(row, "table").DataType);
            Assert.Equal(meetings[i].GetProperty("table").GetInt32(), Cell(row, "table").GetValue<int>());
            var people = meetings[i].GetProperty("people").EnumerateArray().ToArray();
            Assert.Equal(people[0].GetProperty("name").GetString(), Cell(row, "name A").GetString());
            Assert.Equal(people[1].GetProperty("name").GetString(), Cell(row, "name B").GetString());
            Assert.Equal("Moravian ICT Cluster", Cell(row, "organisation B").GetString());
            Assert.Equal(meetings[i].GetProperty("requestId").GetString(), Cell(row, "requestId").GetString());
            Assert.True(Cell(row, "held (A)").IsEmpty());
        }
        Assert.Contains(Enumerable.Range(2, 2), r => Cell(r, "name A").GetString() == "=1+1 Nováková" || Cell(r, "name B").GetString() == "=1+1 Nováková");
        Assert.DoesNotContain(list.CellsUsed(), c => c.HasFormula);
    }

    [Fact]
    public async Task Only_organisers_get_it_and_only_for_an_event_with_meetings()
    {
        var forum = await MeetingForum.CreateAsync(stack);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Client.GetAsync($"/api/manage/events/{forum.EventId}/meetings.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Organiser.GetAsync("/api/manage/events/no-such-event/meetings.xlsx")).StatusCode);
        var plain = await stack.CreateEventAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await stack.Organiser.GetAsync($"/api/manage/events/{plain}/meetings.xlsx")).StatusCode);

        // Nothing published yet: the empty grid, every slot and table still there.
        var empty = await stack.Organiser.GetAsync($"/api/manage/events/{forum.EventId}/meetings.xlsx");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await empty.Content.ReadAsByteArrayAsync()));
        Assert.Equal(3, workbook.Worksheets.Count);
        Assert.Equal(7, workbook.Worksheet(1).LastRowUsed().RowNumber());
        Assert.Equal(1, workbook.Worksheet("List").LastRowUsed().RowNumber());
    }
}
