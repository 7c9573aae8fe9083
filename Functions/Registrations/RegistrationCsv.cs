using System.Globalization;
using ClustersCord.Domain.Registrations;
using CsvHelper;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// The registration list as a spreadsheet-safe CSV (RFC 4180, UTF-8 with BOM for Excel). CsvHelper's
/// injection escaping neutralises any cell that would start a formula (=, +, -, @, tab, carriage return).
/// </summary>
public static class RegistrationCsv
{
    private static readonly string[] Header =
    [
        "id", "status", "firstName", "lastName", "email", "organisation", "country", "role", "clusterId", "sectors", "studyVisit",
        "language", "dietaryRequirements", "registeredAt", "confirmedAt", "cancelledAt", "checkedInAt", "consentedAt", "consentTextVersion",
        "checkedInDays",
    ];

    /// <summary>
    /// <c>?separator=comma|semicolon|tab</c>: comma by default (as before); Excel set to Czech, German or
    /// Italian splits columns at semicolons.
    /// </summary>
    public static char Separator(string? name, ClustersCord.Domain.Common.ValidationErrors errors)
    {
        switch (name)
        {
            case null or "comma":
                return ',';
            case "semicolon":
                return ';';
            case "tab":
                return '\t';
            default:
                errors.Add("separator", "One of comma, semicolon, tab.");
                return ',';
        }
    }

    public static Task<byte[]> WriteAsync(IAsyncEnumerable<Registration> registrations, CancellationToken cancellationToken)
        => WriteAsync(registrations, ',', cancellationToken);

    public static async Task<byte[]> WriteAsync(IAsyncEnumerable<Registration> registrations, char separator, CancellationToken cancellationToken)
    {
        var options = new CsvWriterOptions
        {
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
            Separator = separator,
        };
        using var stream = new MemoryStream();
        await using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            await csv.WriteRecordAsync(Header, cancellationToken);
            await foreach (var registration in registrations.WithCancellation(cancellationToken))
            {
                await csv.WriteRecordAsync(Row(RegistrationRecord.From(registration)), cancellationToken);
            }
        }
        return stream.ToArray();
    }

    private static string?[] Row(RegistrationRecord r) =>
    [
        r.Id, r.Status, r.FirstName, r.LastName, r.Email, r.Organisation, r.Country, r.Role, r.ClusterId, string.Join(' ', r.Sectors),
        r.StudyVisit ? "true" : "false", r.Language, r.DietaryRequirements, Iso(r.RegisteredAt), Iso(r.ConfirmedAt), Iso(r.CancelledAt),
        Iso(r.CheckedInAt), Iso(r.ConsentedAt), r.ConsentTextVersion, string.Join(' ', r.CheckedInDays),
    ];

    private static string? Iso(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
