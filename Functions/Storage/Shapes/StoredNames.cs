using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Functions.Storage.Shapes;

/// <summary>
/// The stored spelling of every enum kept in a row (camelCase, as the API and the clusters' Status column
/// spell them). These strings are a storage contract: change the left side when Domain renames, never the right.
/// </summary>
public static class StoredNames
{
    public static readonly StoredName<EventType> EventType = new(
        (Domain.Programme.EventType.ExchangeForum, "exchangeForum"),
        (Domain.Programme.EventType.StudyVisit, "studyVisit"),
        (Domain.Programme.EventType.Training, "training"),
        (Domain.Programme.EventType.Conference, "conference"),
        (Domain.Programme.EventType.AgreementSigning, "agreementSigning"),
        (Domain.Programme.EventType.ObserverMeeting, "observerMeeting"),
        (Domain.Programme.EventType.BenchmarkingConference, "benchmarkingConference"));

    public static readonly StoredName<EventAudience> Audience = new(
        (EventAudience.Public, "public"),
        (EventAudience.Invited, "invited"));

    public static readonly StoredName<EventStatus> EventStatus = new(
        (Domain.Programme.EventStatus.Draft, "draft"),
        (Domain.Programme.EventStatus.Published, "published"),
        (Domain.Programme.EventStatus.Cancelled, "cancelled"));

    public static readonly StoredName<Sector> Sector = new(
        (Domain.Common.Sector.Ict, "ict"),
        (Domain.Common.Sector.Tourism, "tourism"),
        (Domain.Common.Sector.Health, "health"),
        (Domain.Common.Sector.EnergyEnvironment, "energyEnvironment"),
        (Domain.Common.Sector.Food, "food"));

    public static readonly StoredName<ProfileStatus> ProfileStatus = new(
        (Domain.Catalogue.ProfileStatus.Pending, "pending"),
        (Domain.Catalogue.ProfileStatus.Approved, "approved"),
        (Domain.Catalogue.ProfileStatus.Rejected, "rejected"),
        (Domain.Catalogue.ProfileStatus.Withdrawn, "withdrawn"));

    public static readonly StoredName<NoticeKind> NoticeKind = new(
        (Domain.Catalogue.NoticeKind.Received, "received"),
        (Domain.Catalogue.NoticeKind.Approved, "approved"),
        (Domain.Catalogue.NoticeKind.Rejected, "rejected"),
        (Domain.Catalogue.NoticeKind.EditApproved, "editApproved"),
        (Domain.Catalogue.NoticeKind.EditRejected, "editRejected"),
        (Domain.Catalogue.NoticeKind.MembershipApproved, "membershipApproved"),
        (Domain.Catalogue.NoticeKind.MembershipDeclined, "membershipDeclined"));

    public static readonly StoredName<MemberType> MemberType = new(
        (Domain.Catalogue.MemberType.Companies, "companies"),
        (Domain.Catalogue.MemberType.Research, "research"),
        (Domain.Catalogue.MemberType.Education, "education"),
        (Domain.Catalogue.MemberType.PublicBodies, "publicBodies"),
        (Domain.Catalogue.MemberType.Other, "other"));

    public static readonly StoredName<LabelLevel> LabelLevel = new(
        (Domain.Catalogue.LabelLevel.Bronze, "bronze"),
        (Domain.Catalogue.LabelLevel.Silver, "silver"),
        (Domain.Catalogue.LabelLevel.Gold, "gold"));

    public static readonly StoredName<Visibility> Visibility = new(
        (Domain.Benchmarking.Visibility.Public, "public"),
        (Domain.Benchmarking.Visibility.Observers, "observers"),
        (Domain.Benchmarking.Visibility.Organisers, "organisers"));

    public static readonly StoredName<ReportKind> ReportKind = new(
        (Domain.Benchmarking.ReportKind.Pdf, "pdf"),
        (Domain.Benchmarking.ReportKind.Xlsx, "xlsx"),
        (Domain.Benchmarking.ReportKind.Csv, "csv"));

    public static readonly StoredName<DocumentKind> DocumentKind = new(
        (Domain.Benchmarking.DocumentKind.BenchmarkingReport, "benchmarkingReport"),
        (Domain.Benchmarking.DocumentKind.PolicyRecommendation, "policyRecommendation"),
        (Domain.Benchmarking.DocumentKind.Presentation, "presentation"),
        (Domain.Benchmarking.DocumentKind.Publication, "publication"));
}
