using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;

namespace ClustersCord.Functions.Email;

/// <summary>
/// A queued delivery's claim on a pending-email row (<c>m-…</c>, see <see cref="RegistrationKeys"/>): the
/// row must still exist and not be named by the sent-email log, and is stamped under its ETag with
/// <c>Delivering</c> (and <c>Since</c>, which keeps the sweep away for the grace). Of two deliveries at
/// once only one stamps it; a delivery that failed clears its stamp for the next attempt, one that
/// succeeded marks the row <c>Sent</c>.
/// </summary>
public sealed class TablePendingEmailClaims(StorageTables tables) : IPendingEmailClaims
{
    /// <summary>Longer than one send may take (its total timeout); a holder that died loses its claim after it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const string Delivering = "Delivering";

    /// <summary>Set on a pending row once its email was sent or refused for good; the sweep deletes such rows.</summary>
    public const string Sent = "Sent";

    public async Task<bool> ClaimAsync(PendingEmail email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(email.RegistrationId) is not { } eventId)
        {
            return false;
        }
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        var rowKey = RegistrationKeys.PendingEmail(email);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, rowKey, cancellationToken: cancellationToken);
        // No query of the sent-email log: the row itself says it was sent (a point read, where a query
        // reads the partition, and the emulator the whole table, once per email of a burst).
        if (!row.HasValue || row.Value is not { } pending || pending.ContainsKey(Sent)
            || pending.GetDateTimeOffset(Delivering) is { } held && held > now - Lease)
        {
            return false;
        }
        try
        {
            // A merge on purpose: it sets two properties and clears none.
            await table.UpdateEntityAsync(new TableEntity(eventId, rowKey) { ["Since"] = now, [Delivering] = now },
                pending.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task CompleteAsync(PendingEmail email, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(email.RegistrationId) is not { } eventId)
        {
            return;
        }
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(eventId, RegistrationKeys.PendingEmail(email)) { [Sent] = DateTimeOffset.UtcNow },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted by the sweep (the sent-email log named it): nothing left to mark.
        }
    }

    public async Task ReleaseAsync(PendingEmail email, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(email.RegistrationId) is not { } eventId)
        {
            return;
        }
        var table = await tables.GetAsync(TableNames.Registrations, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(eventId, RegistrationKeys.PendingEmail(email)) { [Delivering] = DateTimeOffset.UnixEpoch },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone meanwhile (erased): nothing to release.
        }
    }
}
