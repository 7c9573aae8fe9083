using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Audit;

/// <summary>
/// One organiser action that changes something: who (the signed-in organiser's name, or
/// <see cref="OrganiserKey"/>), what (method and route template), on what (the route's ids), when, and the
/// answer's status. Never a body, a query or anyone else's personal data.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Who, string Action, string Target, int Status)
{
    /// <summary>Who a call made with the organiser key was: the key names nobody.</summary>
    public const string OrganiserKey = "organiser key";
}

/// <summary>Where the audit log is kept.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<Page<AuditEntry>> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken);
}
