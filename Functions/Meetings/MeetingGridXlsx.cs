using System.Globalization;
using ClosedXML.Excel;
using ClustersCord.Domain.Meetings;

namespace ClustersCord.Functions.Meetings;

/// <summary>
/// The organisers' meeting grid as an Excel workbook (ClosedXML, as the registrations export): one sheet per
/// day of meeting sessions (named by its date in the event's time zone) with the slots as rows and the tables
/// as columns, each cell "Name (organisation, cluster) – Name (…)", the header row and the time column
/// frozen; then a sheet "List" with one typed row per meeting (times as date-time cells at the event's local
/// time, the table as a number, both people and their outcomes). Whatever people typed is written as text,
/// never read as a formula.
/// </summary>
public static class MeetingGridXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string ListSheet = "List";
    private const string DateFormat = "yyyy-mm-dd hh:mm";

    public static byte[] Write(MeetingGrid grid)
    {
        using var workbook = new XLWorkbook();
        var at = grid.Meetings.ToDictionary(m => (m.StartsAt.UtcDateTime, m.Table));
        foreach (var day in grid.Slots.GroupBy(s => DateOnly.FromDateTime(grid.Event.Local(s.StartsAt).DateTime)).OrderBy(g => g.Key))
        {
            var sheet = workbook.Worksheets.Add(day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Text(sheet.Cell(1, 1), "Time");
            sheet.Column(1).Width = 14;
            for (var table = 1; table <= grid.Tables; table++)
            {
                Text(sheet.Cell(1, table + 1), $"Table {table}");
                sheet.Column(table + 1).Width = 40;
            }
            sheet.Row(1).Style.Font.Bold = true;
            sheet.Column(1).Style.Font.Bold = true;
            var row = 2;
            foreach (var slot in day)
            {
                var starts = grid.Event.Local(slot.StartsAt);
                var ends = grid.Event.Local(slot.EndsAt);
                Text(sheet.Cell(row, 1), $"{starts:HH:mm}–{ends:HH:mm}");
                for (var table = 1; table <= grid.Tables; table++)
                {
                    if (at.TryGetValue((slot.StartsAt.UtcDateTime, table), out var meeting))
                    {
                        var cell = sheet.Cell(row, table + 1);
                        Text(cell, string.Join(" – ", meeting.People.Select(Person)));
                        cell.Style.Alignment.WrapText = true;
                    }
                }
                row++;
            }
            sheet.SheetView.Freeze(1, 1);
        }
        List(workbook.Worksheets.Add(ListSheet), grid);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>"Name (organisation, cluster)", leaving out what is not known.</summary>
    public static string Person(ParticipantSummary person)
    {
        var about = string.Join(", ", new[] { person.Organisation, person.ClusterId }.Where(t => !string.IsNullOrEmpty(t)));
        return about.Length == 0 ? person.Name : $"{person.Name} ({about})";
    }

    private sealed record Column(string Header, double Width, Action<IXLCell, ScheduledMeeting> Write);

    private static void List(IXLWorksheet sheet, MeetingGrid grid)
    {
        var zone = grid.Event.TimeZone;
        ParticipantSummary? Side(ScheduledMeeting m, int i) => i < m.People.Count ? m.People[i] : null;
        MeetingOutcome? Told(ScheduledMeeting m, int i) => Side(m, i) is { } p ? m.Outcomes.FirstOrDefault(o => o.ParticipantId == p.ParticipantId)?.Outcome : null;
        Column[] columns =
        [
            new($"start ({zone})", 18, (c, m) => Date(c, m.StartsAt)),
            new($"end ({zone})", 18, (c, m) => Date(c, m.EndsAt)),
            new("table", 7, (c, m) => c.SetValue(m.Table)),
            .. new[] { 0, 1 }.SelectMany(i =>
            {
                var side = i == 0 ? "A" : "B";
                return new Column[]
                {
                    new($"name {side}", 22, (c, m) => Text(c, Side(m, i)?.Name)),
                    new($"organisation {side}", 28, (c, m) => Text(c, Side(m, i)?.Organisation)),
                    new($"cluster {side}", 16, (c, m) => Text(c, Side(m, i)?.ClusterId)),
                    new($"held ({side})", 10, (c, m) => { if (Told(m, i) is { } o) { c.SetValue(o.Held); } }),
                    new($"topic ({side})", 24, (c, m) => Text(c, Told(m, i)?.Topic)),
                    new($"next step ({side})", 30, (c, m) => Text(c, Told(m, i)?.NextStep)),
                };
            }),
            new("requestId", 24, (c, m) => Text(c, m.RequestId)),
        ];
        for (var i = 0; i < columns.Length; i++)
        {
            Text(sheet.Cell(1, i + 1), columns[i].Header);
            sheet.Column(i + 1).Width = columns[i].Width;
        }
        sheet.Row(1).Style.Font.Bold = true;
        for (var row = 0; row < grid.Meetings.Count; row++)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i].Write(sheet.Cell(row + 2, i + 1), grid.Meetings[row]);
            }
        }
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, grid.Meetings.Count + 1, columns.Length).SetAutoFilter();
    }

    /// <summary>A text value as typed: a string cell, never a formula, whatever it starts with.</summary>
    private static void Text(IXLCell cell, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        cell.SetDataType(XLDataType.Text);
        cell.SetValue(text);
    }

    /// <summary>A time as the event's local wall-clock time (the header names the zone).</summary>
    private static void Date(IXLCell cell, DateTimeOffset local)
    {
        cell.SetValue(local.DateTime);
        cell.Style.DateFormat.Format = DateFormat;
    }
}
