using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    /// <summary>
    /// No read first: a repeat is caught by the transaction itself (its duplicate-check row already
    /// exists, 409), which costs a retry of that one batch; new people, the usual case, cost no read.
    /// </summary>
    public async Task<Admission?> AdmitAsync(Registration candidate, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(candidate.EventId, cancellationToken);
        return await writer.AdmitAsync(candidate, invitationId: null, cancellationToken);
    }

    /// <summary>As <see cref="AdmitAsync"/>, taking one use of the invitation in the same transaction (see <see cref="IInvitationStore.AdmitAsync"/>).</summary>
    public async Task<Admission?> AdmitInvitedAsync(Registration candidate, string invitationId, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(candidate.EventId, cancellationToken);
        return await writer.AdmitAsync(candidate, invitationId, cancellationToken);
    }

    public async Task<CapacityState?> CloseAsync(string eventId, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<CapacityState?>(async seats =>
        {
            if (seats is null || seats.State.Closed)
            {
                return (seats?.State, null);
            }
            var state = seats.State with { Closed = true };
            var written = await writer.Table.UpdateEntityAsync(RegistrationEntities.ToEntity(eventId, state), seats.ETag, Azure.Data.Tables.TableUpdateMode.Replace, CancellationToken.None);
            return (state, EventPartitionWriter.Written(state, written));
        }, cancellationToken);
    }
}
