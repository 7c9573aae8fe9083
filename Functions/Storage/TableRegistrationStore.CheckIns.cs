using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    /// <summary>
    /// Read, change, and replace under the row's ETag, in the event's writer: a merge of the caller's copy
    /// could write back what an erasure cleared meanwhile (or undo a cancellation).
    /// </summary>
    public async Task UpdateAsync(Registration registration, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(registration.EventId, cancellationToken);
        await writer.RunAsync<bool>(async _ =>
        {
            var row = await writer.Table.GetEntityIfExistsAsync<TableEntity>(registration.EventId, RegistrationKeys.Registration(registration.Id));
            if (!row.HasValue || row.Value!.GetString("Id") != registration.Id)
            {
                return (false, null);
            }
            var current = RegistrationEntities.ToRegistration(row.Value);
            if (current.AnonymisedAt is not null)
            {
                return (false, null);
            }
            var updated = current with
            {
                CheckedInAt = current.CheckedInAt ?? registration.CheckedInAt,
                RemindersStopped = current.RemindersStopped || registration.RemindersStopped,
            };
            await writer.Table.UpdateEntityAsync(RegistrationEntities.ToEntity(updated), row.Value.ETag, TableUpdateMode.Replace, CancellationToken.None);
            return (true, null);
        }, cancellationToken);
    }

    public async Task<Registration?> ChangeCheckInAsync(string registrationId, Func<Registration, Registration> change, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<Registration?>(async _ =>
        {
            var row = await writer.Table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId));
            if (!row.HasValue || row.Value!.GetString("Id") != registrationId)
            {
                return (null, null);
            }
            var current = RegistrationEntities.ToRegistration(row.Value);
            var changed = current.AnonymisedAt is null ? change(current) : current;
            if (changed != current)
            {
                await writer.Table.UpdateEntityAsync(RegistrationEntities.ToEntity(changed), row.Value.ETag, TableUpdateMode.Replace, CancellationToken.None);
            }
            return (changed, null);
        }, cancellationToken);
    }
}
