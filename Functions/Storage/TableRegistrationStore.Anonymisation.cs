using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    /// <summary>
    /// One transaction in the event's partition, under the registration's ETag (a cancellation meanwhile
    /// makes it read again): the record replaced whole, so no property the anonymised record leaves out
    /// survives; the person's index rows and the emails still owed to them deleted. An email owed in a
    /// batch row (<see cref="PendingEmailBatches"/>; few are left at any time, each goes once its emails are
    /// sent) is removed from it just after; should that fail, the anonymised registration is owed nothing and
    /// the delivery drops it.
    /// </summary>
    public async Task<Anonymisation?> AnonymiseAsync(string registrationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<Anonymisation?>(async _ =>
        {
            var table = writer.Table;
            var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId));
            if (!row.HasValue || row.Value!.GetString("Id") != registrationId)
            {
                return (null, null);
            }
            var current = RegistrationEntities.ToRegistration(row.Value);
            var changed = current.AnonymisedAt is null;
            var actions = new List<TableTransactionAction>();
            if (changed)
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(current.Anonymise(now)), row.Value.ETag));
            }
            if (current.EmailKey.Length > 0)
            {
                var pointer = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Email(current.EmailKey));
                if (pointer.HasValue && pointer.Value!.GetString("RegistrationId") == registrationId)
                {
                    actions.Add(new(TableTransactionActionType.Delete, pointer.Value, pointer.Value.ETag));
                }
                var former = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.FormerEmail(current.EmailKey, registrationId));
                if (former.HasValue)
                {
                    actions.Add(new(TableTransactionActionType.Delete, former.Value!, former.Value!.ETag));
                }
            }
            var pendingEmails = 0;
            await foreach (var pending in table.QueryAsync<TableEntity>(RegistrationKeys.PendingEmailsOf(eventId, registrationId), select: ["RowKey"]))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId, pending.RowKey), ETag.All));
                pendingEmails++;
            }
            if (actions.Count > 0)
            {
                await table.SubmitTransactionAsync(actions, CancellationToken.None);
            }
            try
            {
                pendingEmails += await PendingEmailBatches.RemoveAllOfAsync(table, eventId, registrationId, CancellationToken.None);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or StorageContentionException)
            {
                // The registration is anonymised: what the row still names for it is owed nothing and dropped at delivery.
                LogBatchEmailNotRemoved(Http.LoggedException.Describe(e));
            }
            return (new Anonymisation(changed, pendingEmails), null);
        }, cancellationToken);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "An anonymised registration's email could not be removed from its batch row; delivery drops it: {Exception}")]
    private partial void LogBatchEmailNotRemoved(string exception);
}
