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
}
