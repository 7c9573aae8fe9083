using ClosedXML.Excel;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// The registrations as an Excel workbook (ClosedXML): one sheet per status (confirmed, waitlisted,
/// cancelled), typed cells (times as dates in UTC, study visit as a boolean, the waiting-list ticket as a
/// number), a bold header row frozen in place, an auto-filter over the table and set column widths.
/// Whatever a person typed is written as a text value, never read as a formula (a name starting with
/// <c>=</c> stays that text).
/// </summary>
public static class RegistrationXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string DateFormat = "yyyy-mm-dd hh:mm";

    private sealed record Column(string Header, double Width, Action<IXLCell, Registration> Write);

    private static readonly Column[] Columns =
    [
        new("id", 34, (c, r) => Text(c, r.Id)),
        new("firstName", 16, (c, r) => Text(c, r.Person.FirstName)),
        new("lastName", 18, (c, r) => Text(c, r.Person.LastName)),
        new("email", 28, (c, r) => Text(c, r.Person.Email)),
        new("organisation", 28, (c, r) => Text(c, r.Person.Organisation)),
        new("country", 8, (c, r) => Text(c, r.Person.Country)),
        new("role", 15, (c, r) => Text(c, Enums.Name(r.Person.Role))),
        new("clusterId", 16, (c, r) => Text(c, r.Person.ClusterId)),
        new("sectors", 20, (c, r) => Text(c, string.Join(' ', r.Person.Sectors.Select(s => Enums.Name(s))))),
        new("studyVisit", 11, (c, r) => c.SetValue(r.Person.StudyVisit)),
        new("language", 9, (c, r) => Text(c, r.Person.Language)),
        new("dietaryRequirements", 28, (c, r) => Text(c, r.Person.DietaryRequirements)),
        new("status", 11, (c, r) => Text(c, Enums.Name(r.Status))),
        new("waitlistTicket", 13, (c, r) => { if (r.WaitlistTicket is { } t) { c.SetValue(t); } }),
        new("registeredAt (UTC)", 18, (c, r) => Date(c, r.RegisteredAt)),
        new("confirmedAt (UTC)", 18, (c, r) => Date(c, r.ConfirmedAt)),
        new("cancelledAt (UTC)", 18, (c, r) => Date(c, r.CancelledAt)),
        new("checkedInAt (UTC)", 18, (c, r) => Date(c, r.CheckedInAt)),
        new("checkedInDays", 24, (c, r) => Text(c, string.Join(' ', r.CheckedInDays.Select(EventDays.Format)))),
        new("consentedAt (UTC)", 18, (c, r) => Date(c, r.ConsentedAt)),
        new("consentTextVersion", 14, (c, r) => Text(c, r.ConsentTextVersion)),
    ];

    public static byte[] Write(IReadOnlyList<Registration> registrations)
    {
        using var workbook = new XLWorkbook();
        foreach (var status in Enum.GetValues<RegistrationStatus>())
        {
            Sheet(workbook.Worksheets.Add(Enums.Name(status)), registrations.Where(r => r.Status == status)
                .OrderBy(r => r.Person.LastName, StringComparer.CurrentCulture).ThenBy(r => r.Person.FirstName, StringComparer.CurrentCulture)
                .ThenBy(r => r.Id, StringComparer.Ordinal).ToArray());
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Sheet(IXLWorksheet sheet, IReadOnlyList<Registration> rows)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            Text(sheet.Cell(1, i + 1), Columns[i].Header);
            sheet.Column(i + 1).Width = Columns[i].Width;
        }
        sheet.Row(1).Style.Font.Bold = true;
        for (var row = 0; row < rows.Count; row++)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                Columns[i].Write(sheet.Cell(row + 2, i + 1), rows[row]);
            }
        }
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, rows.Count + 1, Columns.Length).SetAutoFilter();
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

    private static void Date(IXLCell cell, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            cell.SetValue(t.UtcDateTime);
            cell.Style.DateFormat.Format = DateFormat;
        }
    }
}
