using Azure.Data.Tables;
using ClustersCord.Functions.Storage;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Rows exactly as the code before the storage shapes wrote them (version 0: the Domain record's JSON,
/// computed properties included, enum values in PascalCase), copied from the stored entities of an event,
/// an imported cluster and an uploaded report made through the API at <see cref="Infrastructure.TestStack.Start"/>.
/// <c>{id}</c> (and <c>{blob}</c>) stand for the row's own values.
/// </summary>
public static class TodaysStoredRows
{
    /// <summary>Api.Forum() with reminders P7D and PT2H.</summary>
    public const string Event = """
        {"id":"{id}","type":"ExchangeForum","title":{"en":"Exchange forum Linz","de":"Austauschforum Linz","cs":"V\u00FDm\u011Bnn\u00E9 f\u00F3rum Linec"},"description":{"en":"Health and energy clusters meet."},"city":"Linz","country":"AT","venue":"Tabakfabrik","startsAt":"2027-02-10T09:00:00+00:00","endsAt":"2027-02-11T15:00:00+00:00","month":null,"timeZone":"Europe/Vienna","sectors":["Health","EnergyEnvironment"],"capacity":50,"registrationOpensAt":"2027-01-10T09:00:00+00:00","registrationClosesAt":"2027-01-31T09:00:00+00:00","audience":"Public","reminders":["P7D","PT2H"],"isSample":false,"zone":{"id":"Europe/Vienna","hasIanaId":true,"displayName":"(UTC\u002B01:00) Central European Time (Vienna)","standardName":"Central European Standard Time","daylightName":"Central European Summer Time","baseUtcOffset":"01:00:00","supportsDaylightSavingTime":true},"hasExactDates":true,"sortKey":"2027-02-10T09:00:00+00:00"}
        """;

    /// <summary>An invited event known only by its month.</summary>
    public const string MonthEvent = """
        {"id":"{id}","type":"ExchangeForum","title":{"en":"Exchange forum Linz","de":"Austauschforum Linz","cs":"V\u00FDm\u011Bnn\u00E9 f\u00F3rum Linec"},"description":{"en":"Health and energy clusters meet."},"city":"Linz","country":"AT","venue":"Tabakfabrik","startsAt":null,"endsAt":null,"month":"2027-04","timeZone":"Europe/Vienna","sectors":["Health","EnergyEnvironment"],"capacity":50,"registrationOpensAt":"2027-01-10T09:00:00+00:00","registrationClosesAt":"2027-01-31T09:00:00+00:00","audience":"Invited","reminders":["P7D","P1D"],"isSample":false,"zone":{"id":"Europe/Vienna","hasIanaId":true,"displayName":"(UTC\u002B01:00) Central European Time (Vienna)","standardName":"Central European Standard Time","daylightName":"Central European Summer Time","baseUtcOffset":"01:00:00","supportsDaylightSavingTime":true},"hasExactDates":false,"sortKey":"2027-04-01T00:00:00+00:00"}
        """;

    /// <summary>An event stored before audiences and per-event reminders existed (neither property present).</summary>
    public const string EventBeforeAudiences = """
        {"id":"{id}","type":"Training","title":{"en":"Training for cluster managers"},"description":{},"city":"Milan","country":"IT","venue":null,"startsAt":"2027-03-01T08:00:00+00:00","endsAt":"2027-03-01T16:00:00+00:00","month":null,"timeZone":"Europe/Rome","sectors":["Food","Tourism"],"capacity":30,"registrationOpensAt":"2027-01-10T09:00:00+00:00","registrationClosesAt":"2027-02-20T09:00:00+00:00","isSample":false,"hasExactDates":true,"sortKey":"2027-03-01T08:00:00+00:00"}
        """;

    /// <summary>BenchmarkingFixtures.ImportClustersAsync's cluster <c>{id}</c>, approved by the import.</summary>
    public const string Cluster = """
        {"id":"{id}","name":"Cluster {id}","country":"CZ","region":null,"city":"Brno","website":"https://cluster.example","description":"A cluster organisation.","sectors":["Ict"],"workingGroups":[],"memberCount":40,"memberTypes":["Companies"],"managementFte":2,"smeShare":null,"foundedYear":null,"label":null,"offers":[],"needs":[],"contact":{"name":"Contact","email":"contact-{id}@cluster.example","isErased":false},"language":"en","status":"Approved","submittedAt":"2027-01-11T09:00:00+00:00","reviewedAt":"2027-01-11T09:00:00+00:00","isSample":false}
        """;

    /// <summary>A labelled cluster whose contact was erased (<c>ClusterContact.Erased</c>), with every optional field set.</summary>
    public const string ErasedLabelledCluster = """
        {"id":"{id}","name":"Gold Cluster {id}","country":"AT","region":"Upper Austria","city":"Linz","website":"https://gold.example","description":"Health technology.","sectors":["Health"],"workingGroups":["EnergyEnvironment"],"memberCount":120,"memberTypes":["Companies","Research","PublicBodies"],"managementFte":4.5,"smeShare":0.75,"foundedYear":1998,"label":{"level":"Gold","validUntil":"2028-12-31"},"offers":["testbeds"],"needs":["partners in Italy"],"contact":{"name":"","email":"","isErased":true},"language":"de","status":"Approved","submittedAt":"2027-01-05T09:00:00+00:00","reviewedAt":"2027-01-06T09:00:00+00:00","isSample":false}
        """;

    /// <summary>A PDF uploaded for observers as "r (1).pdf" (the bytes of <c>StoredShapeCompatibilityTests.Pdf</c>).</summary>
    public const string Report = """
        {"id":"{id}","title":"Report","year":2011,"visibility":"Observers","kind":"Pdf","size":77,"sha256":"56c2ac043c28d3543275a6f50b593a6beb0b6888ed8159ac02e3e7f4a32ccb26","uploadedAt":"2027-01-11T09:00:00+00:00","fileName":"r (1).pdf","blobName":"{blob}","contentType":"application/pdf","downloadName":"r (1).pdf"}
        """;

    public static string With(this string row, string id, string? blob = null)
        => row.Trim().Replace("{id}", id, StringComparison.Ordinal).Replace("{blob}", blob ?? "", StringComparison.Ordinal);

    /// <summary>An events row as today's code writes it: the JSON plus its Type and StartsAt columns.</summary>
    public static TableEntity EventRow(string id, string json, string type, DateTimeOffset? startsAt) => new("programme", id)
    {
        [JsonColumn.Name] = json.With(id),
        ["Type"] = type,
        ["StartsAt"] = startsAt,
    };

    /// <summary>A clusters row as today's code writes it: the JSON plus the Status, Name and Country columns.</summary>
    public static TableEntity ClusterRow(string id, string json, string name, string country) => new("profile", id)
    {
        [JsonColumn.Name] = json.With(id),
        ["Status"] = "approved",
        ["Name"] = name,
        ["Country"] = country,
    };

    public static TableEntity ReportRow(string id, string blob) => new("report", id) { [JsonColumn.Name] = Report.With(id, blob) };
}
