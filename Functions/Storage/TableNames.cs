namespace ClustersCord.Functions.Storage;

/// <summary>Every table and container the app uses (the Bicep template creates the same names).</summary>
public static class TableNames
{
    public const string Health = "health";
    /// <summary>The programme: one partition, one row per event.</summary>
    public const string Events = "events";
    /// <summary>One partition per event: its seats record, registrations, and each person's index rows (duplicate check, erasure).</summary>
    public const string Registrations = "registrations";
    /// <summary>One partition per event: a record per registration and reminder (exactly-once sending).</summary>
    public const string Reminders = "reminders";
    /// <summary>Cluster profiles (one partition) and the catalogue version row.</summary>
    public const string Clusters = "clusters";
    /// <summary>Benchmarking report metadata (one partition); the files are blobs in <see cref="ContainerNames.Documents"/>.</summary>
    public const string Reports = "reports";
    /// <summary>Indicator values: partition = year, row = indicator and cluster.</summary>
    public const string Indicators = "indicators";
    /// <summary>Organisers' messages to an event's participants: partition = event, row = message id (newest first).</summary>
    public const string Messages = "messages";
    /// <summary>The audit log of organisers' changes: partition per month, row newest first.</summary>
    public const string Audit = "audit";
    /// <summary>Emails the provider refused for good, until an organiser retries them (ids only): one partition.</summary>
    public const string EmailRefusals = "emailrefusals";
    /// <summary>Introductions between clusters and each asking cluster's recent requests (its rate limit): one partition.</summary>
    public const string Introductions = "introductions";
    /// <summary>Cooperation records of the working groups (the work plans): one partition.</summary>
    public const string Cooperation = "cooperation";
    /// <summary>The partnership agreement: its versions (the files are blobs in <see cref="ContainerNames.Agreement"/>) and its signatories.</summary>
    public const string Agreement = "agreement";
    /// <summary>Bilateral meetings: partition = event; profiles, requests with their placements, pair markers (<see cref="TableMeetingStore"/>).</summary>
    public const string Meetings = "meetings";
}

public static class ContainerNames
{
    public const string Documents = "documents";
    /// <summary>Every version of the partnership agreement, under generated names.</summary>
    public const string Agreement = "agreement";
}
