using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    public async Task<Cancellation?> CancelAsync(string registrationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<Cancellation?>(async seats =>
        {
            var row = await writer.Table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId));
            if (!row.HasValue || seats is null)
            {
                return (null, null);
            }
            var registration = RegistrationEntities.ToRegistration(row.Value!);
            if (registration.Status == RegistrationStatus.Cancelled)
            {
                return (new Cancellation(registration, false, []), null);
            }
            var cancelled = registration.Cancel(now);
            var actions = new List<TableTransactionAction>
            {
                null!,
                new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(cancelled), row.Value!.ETag),
            };
            if (registration.EmailKey.Length > 0)
            {
                // The person may register again; erasure must still find this registration until it is anonymised.
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId, RegistrationKeys.Email(registration.EmailKey)), ETag.All));
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.Pointer(eventId, RegistrationKeys.FormerEmail(registration.EmailKey, registrationId), registrationId)));
                // The cancellation email, owed in the same transaction as the change that owes it.
                actions.Add(new(TableTransactionActionType.UpsertReplace, RegistrationEntities.PendingEmail(eventId, registrationId, Domain.Email.RegistrationEmailKind.Cancelled, now)));
            }
            var (state, promoted) = await PromoteAsync(writer.Table, eventId, seats.State.Release(registration.Status), actions, now, skipRegistrationId: registrationId);
            actions[0] = new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(eventId, state), seats.ETag);
            var response = await writer.Table.SubmitTransactionAsync(actions, CancellationToken.None);
            return (new Cancellation(cancelled, true, promoted), EventPartitionWriter.Written(state, response.Value[0]));
        }, cancellationToken);
    }
}
