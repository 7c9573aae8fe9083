using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// The storage shapes without storage: what a stored row is called is fixed by the shapes, never by Domain,
/// so a Domain rename changes a mapper line and no stored byte.
/// </summary>
public sealed class StoredShapeMappingTests
{
    private static readonly Type[] Shapes = [typeof(StoredEvent), typeof(StoredCluster), typeof(StoredReport)];

    private static readonly Event SampleEvent = new()
    {
        Id = "forum-linz",
        Type = EventType.StudyVisit,
        Title = new Dictionary<string, string> { ["en"] = "Study visit", ["de"] = "Studienbesuch" },
        Description = new Dictionary<string, string> { ["en"] = "Clusters visit clusters." },
        City = "Linz",
        Country = "AT",
        Venue = "Tabakfabrik",
        StartsAt = new DateTimeOffset(2027, 2, 10, 9, 0, 0, TimeSpan.Zero),
        EndsAt = new DateTimeOffset(2027, 2, 11, 15, 0, 0, TimeSpan.Zero),
        TimeZone = "Europe/Vienna",
        Sectors = [Sector.Health, Sector.EnergyEnvironment],
        Capacity = 40,
        RegistrationOpensAt = new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero),
        RegistrationClosesAt = new DateTimeOffset(2027, 1, 31, 9, 0, 0, TimeSpan.Zero),
        Audience = EventAudience.Invited,
        Reminders = ["P7D", "PT2H"],
        IsSample = true,
    };

    private static readonly ClusterProfile SampleCluster = new()
    {
        Id = "gold-cluster",
        Name = "Gold Cluster",
        Country = "AT",
        Region = "Upper Austria",
        City = "Linz",
        Website = "https://gold.example",
        Description = "Health technology.",
        Sectors = [Sector.Health],
        Memberships = [new WorkingGroupMembership(Sector.Food, new DateTimeOffset(2027, 1, 7, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.Zero)),
            new WorkingGroupMembership(Sector.Health, new DateTimeOffset(2027, 1, 9, 9, 0, 0, TimeSpan.Zero), null)],
        Notices = [new ClusterNotice(NoticeKind.MembershipApproved, new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.Zero), Sector.Food)],
        MemberCount = 120,
        MemberTypes = [MemberType.Companies, MemberType.PublicBodies],
        ManagementFte = 4.5m,
        SmeShare = 0.75m,
        FoundedYear = 1998,
        Label = new ClusterLabel(LabelLevel.Silver, new DateOnly(2028, 12, 31)),
        Offers = ["testbeds"],
        Needs = ["partners in Italy"],
        Contact = new ClusterContact("Petra", "petra@gold.example"),
        Language = "de",
        Status = ProfileStatus.Rejected,
        SubmittedAt = new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero),
        ReviewedAt = new DateTimeOffset(2027, 1, 6, 9, 0, 0, TimeSpan.Zero),
    };

    private static readonly BenchmarkReport SampleReport = new()
    {
        Id = "abc123",
        Title = "Benchmarking 2011",
        Year = 2011,
        Visibility = Visibility.Organisers,
        Kind = ReportKind.Xlsx,
        Size = 12345,
        Sha256 = new string('a', 64),
        UploadedAt = new DateTimeOffset(2027, 1, 11, 9, 0, 0, TimeSpan.Zero),
        FileName = "table.xlsx",
        BlobName = "reports/abc123",
    };

    /// <summary>Records compared by their data (their collections compare by reference).</summary>
    private static string Data<T>(T value) => JsonSerializer.Serialize(value);

    private static Azure.Data.Tables.TableEntity Row(string json) => new("p", "r") { [JsonColumn.Name] = json };

    [Fact]
    public void Every_shape_names_each_property_itself_and_holds_no_domain_type()
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(Shapes);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                Assert.True(property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null, $"{type.Name}.{property.Name} takes its stored name from C#.");
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var types = propertyType.IsGenericType ? propertyType.GetGenericArguments() : [propertyType];
                foreach (var part in types)
                {
                    Assert.False(part.Namespace?.StartsWith("ClustersCord.Domain", StringComparison.Ordinal), $"{type.Name}.{property.Name} stores a Domain type ({part.Name}).");
                    if (part.Namespace?.StartsWith("ClustersCord", StringComparison.Ordinal) == true)
                    {
                        pending.Push(part);
                    }
                }
            }
        }
        Assert.Contains(typeof(StoredContact), seen);
        Assert.Contains(typeof(StoredLabel), seen);
    }

    [Fact]
    public void Stored_names_are_the_fixed_contract()
    {
        static string[] Keys(string json) => JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(["v", "id", "type", "title", "description", "city", "country", "venue", "startsAt", "endsAt", "timeZone", "sectors", "capacity",
            "registrationOpensAt", "registrationClosesAt", "audience", "reminders", "isSample", "status", "sequence"], Keys(JsonColumn.Write(EventShape.ToStored(SampleEvent))));
        Assert.Equal(["v", "id", "name", "country", "region", "city", "website", "description", "sectors", "workingGroups", "memberCount", "memberTypes",
            "managementFte", "smeShare", "foundedYear", "label", "offers", "needs", "contact", "language", "status", "submittedAt", "reviewedAt", "isSample",
            "memberships", "notices"],
            Keys(JsonColumn.Write(ClusterShape.ToStored(SampleCluster))));
        Assert.Equal(["v", "id", "title", "year", "visibility", "kind", "size", "sha256", "uploadedAt", "fileName", "blobName", "documentKind"],
            Keys(JsonColumn.Write(ReportShape.ToStored(SampleReport))));
        Assert.Equal(["exchangeForum", "studyVisit", "training", "conference", "agreementSigning", "observerMeeting", "benchmarkingConference"], StoredNames.EventType.Names);
        Assert.Equal(["ict", "tourism", "health", "energyEnvironment", "food"], StoredNames.Sector.Names);
        Assert.Equal(["public", "invited"], StoredNames.Audience.Names);
        Assert.Equal(["pending", "approved", "rejected", "withdrawn"], StoredNames.ProfileStatus.Names);
        Assert.Equal(["received", "approved", "rejected", "editApproved", "editRejected", "membershipApproved", "membershipDeclined"], StoredNames.NoticeKind.Names);
        Assert.Equal(["companies", "research", "education", "publicBodies", "other"], StoredNames.MemberType.Names);
        Assert.Equal(["bronze", "silver", "gold"], StoredNames.LabelLevel.Names);
        Assert.Equal(["public", "observers", "organisers"], StoredNames.Visibility.Names);
        Assert.Equal(["pdf", "xlsx", "csv"], StoredNames.ReportKind.Names);
        Assert.Equal(["benchmarkingReport", "policyRecommendation", "presentation", "publication"], StoredNames.DocumentKind.Names);
    }

    [Fact]
    public void Every_record_comes_back_from_its_stored_shape_unchanged()
    {
        Assert.Equal(Data(SampleEvent), Data(EventShape.ToDomain(JsonColumn.Read<StoredEvent>(Row(JsonColumn.Write(EventShape.ToStored(SampleEvent)))))));
        Assert.Equal(Data(SampleCluster), Data(ClusterShape.ToDomain(JsonColumn.Read<StoredCluster>(Row(JsonColumn.Write(ClusterShape.ToStored(SampleCluster)))))));
        Assert.Equal(Data(SampleReport), Data(ReportShape.ToDomain(JsonColumn.Read<StoredReport>(Row(JsonColumn.Write(ReportShape.ToStored(SampleReport)))))));
        var erased = SampleCluster with { Contact = ClusterContact.Erased, Label = null, Region = null };
        var back = ClusterShape.ToDomain(JsonColumn.Read<StoredCluster>(Row(JsonColumn.Write(ClusterShape.ToStored(erased)))));
        Assert.True(back.Contact.IsErased);
        Assert.Equal(ClusterContact.Erased, back.Contact);
        Assert.Equal(Data(erased), Data(back));
    }

    /// <summary>
    /// A version-1 row as stored, written out by hand: the Domain rename the shapes exist for (say Event.City
    /// becoming Event.Place) changes the mapper's line and this test's accessor, never this text, so rows
    /// stored before the rename still read.
    /// </summary>
    [Fact]
    public void A_stored_row_reads_by_its_own_names_whatever_domain_calls_them()
    {
        const string stored = """
            {"v":1,"id":"forum-linz","type":"studyVisit","title":{"en":"Study visit"},"city":"Linz","country":"AT","timeZone":"Europe/Vienna",
             "sectors":["health"],"capacity":40,"registrationOpensAt":"2027-01-10T09:00:00+00:00","registrationClosesAt":"2027-01-31T09:00:00+00:00",
             "month":"2027-02","audience":"invited","reminders":["P1D"]}
            """;

        var read = EventShape.ToDomain(JsonColumn.Read<StoredEvent>(Row(stored)));

        Assert.Equal(("Linz", EventType.StudyVisit, EventAudience.Invited, "2027-02", 40), (read.City, read.Type, read.Audience, read.Month, read.Capacity));
        Assert.Equal([Sector.Health], read.Sectors);
        Assert.Equal(["P1D"], read.Reminders);
        Assert.Empty(read.Description);
    }

    [Fact]
    public void A_report_row_from_before_documents_had_kinds_reads_as_a_benchmarking_report()
    {
        const string stored = """
            {"v":1,"id":"x","title":"Old","year":2011,"visibility":"public","kind":"pdf","size":1,"sha256":"a","uploadedAt":"2027-01-11T09:00:00+00:00","fileName":"a.pdf","blobName":"b"}
            """;

        Assert.Equal(DocumentKind.BenchmarkingReport, ReportShape.ToDomain(JsonColumn.Read<StoredReport>(Row(stored))).DocumentKind);
        Assert.Equal(DocumentKind.Presentation, ReportShape.ToDomain(JsonColumn.Read<StoredReport>(Row(stored.Replace("\"blobName\":\"b\"", "\"blobName\":\"b\",\"documentKind\":\"presentation\"")))).DocumentKind);
    }

    [Theory]
    [InlineData("""{"v":2,"id":"x","title":"Later","year":2011,"visibility":"public","kind":"pdf","size":1,"sha256":"a","uploadedAt":"2027-01-11T09:00:00+00:00","fileName":"a.pdf","blobName":"b"}""")]
    [InlineData("""{"v":1,"id":"x","title":"Unknown kind","year":2011,"visibility":"public","kind":"docx","size":1,"sha256":"a","uploadedAt":"2027-01-11T09:00:00+00:00","fileName":"a.pdf","blobName":"b"}""")]
    [InlineData("""{"v":1,"id":"x","title":null,"year":2011,"visibility":"public","kind":"pdf","size":1,"sha256":"a","uploadedAt":"2027-01-11T09:00:00+00:00","fileName":"a.pdf","blobName":"b"}""")]
    [InlineData("""{"v":1,"id":"x","year":2011,"visibility":"public","kind":"pdf","size":1,"sha256":"a","uploadedAt":"2027-01-11T09:00:00+00:00","fileName":"a.pdf","blobName":"b"}""")]
    public void A_row_this_code_cannot_read_faithfully_is_refused_not_misread(string json)
    {
        var refused = Record.Exception(() => ReportShape.ToDomain(JsonColumn.Read<StoredReport>(Row(json))));

        Assert.True(refused is InvalidDataException or JsonException, refused?.ToString() ?? "read");
    }

    [Fact]
    public void An_enum_with_a_value_lacking_a_stored_name_is_refused_at_once()
    {
        Assert.Throws<InvalidOperationException>(() => new StoredName<ReportKind>((ReportKind.Pdf, "pdf"), (ReportKind.Xlsx, "xlsx")));
        Assert.Throws<InvalidOperationException>(() => new StoredName<ReportKind>((ReportKind.Pdf, "pdf"), (ReportKind.Xlsx, "PDF"), (ReportKind.Csv, "csv")));
    }
}
