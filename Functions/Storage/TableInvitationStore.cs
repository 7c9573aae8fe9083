using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Invitations as <c>i-</c> rows of their event's partition in the registrations table (see
/// <see cref="RegistrationKeys"/>), so that the registrations' writer takes a use in the very transaction
/// that admits the registration.
/// </summary>
public sealed class TableInvitationStore(StorageTables tables, TableRegistrationStore registrations) : IInvitationStore
{
    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Registrations, cancellationToken);

    public async Task CreateAsync(Invitation invitation, CancellationToken cancellationToken)
        => await (await TableAsync(cancellationToken)).AddEntityAsync(InvitationEntities.ToEntity(invitation), cancellationToken);

    public async Task<Invitation?> GetAsync(string eventId, string invitationId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Invitation(invitationId), cancellationToken: cancellationToken);
        return row.HasValue ? InvitationEntities.ToInvitation(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Invitation>> ListAsync(string eventId, CancellationToken cancellationToken)
    {
        var invitations = new List<Invitation>();
        await foreach (var row in RowsAsync(eventId, cancellationToken))
        {
            invitations.Add(InvitationEntities.ToInvitation(row));
        }
        return invitations;
    }

    public async Task<bool> RevokeAsync(string eventId, string invitationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Invitation(invitationId), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return false;
        }
        if (row.Value!.GetDateTimeOffset("RevokedAt") is null)
        {
            // Any merge changes the row's ETag, so an admission that read the row before fails and reads it again.
            await table.UpdateEntityAsync(new TableEntity(eventId, row.Value.RowKey) { ["RevokedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        return true;
    }

    public Task<Admission?> AdmitAsync(Registration candidate, string invitationId, CancellationToken cancellationToken)
        => registrations.AdmitInvitedAsync(candidate, invitationId, cancellationToken);

    public async Task<int> ForgetPersonAsync(string eventId, string emailKey, CancellationToken cancellationToken)
    {
        var filter = RegistrationKeys.Invitations(eventId) + " and " + TableClient.CreateQueryFilter($"EmailKey eq {emailKey}");
        return await DeleteAsync(eventId, filter, cancellationToken);
    }

    public Task<int> DeleteAllAsync(string eventId, CancellationToken cancellationToken)
        => DeleteAsync(eventId, RegistrationKeys.Invitations(eventId), cancellationToken);

    /// <summary>Deletes whole rows (no merge can leave a personal field behind); a row already gone is no error.</summary>
    private async Task<int> DeleteAsync(string eventId, string filter, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(eventId, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }
        return deleted;
    }

    private async IAsyncEnumerable<TableEntity> RowsAsync(string eventId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Invitations(eventId), cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }
}
