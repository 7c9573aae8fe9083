using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    /// <summary>Promotions per transaction: two rows each (registration, pending email), plus the seats row and a cancellation's rows.</summary>
    private const int MaxPromotionsPerTransaction = 45;

    public async Task<CapacityChange> SetCapacityAsync(string eventId, int capacity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(eventId, cancellationToken);
        return await writer.RunAsync<CapacityChange>(async seats =>
        {
            if (seats is null)
            {
                var state = new CapacityState(capacity, 0, 0, 0);
                var added = await writer.Table.AddEntityAsync(RegistrationEntities.ToEntity(eventId, state), CancellationToken.None);
                return (new CapacityChange(false, state, []), EventPartitionWriter.Written(state, added));
            }
            if (seats.State.Closed || !seats.State.CanSetCapacity(capacity))
            {
                return (new CapacityChange(true, seats.State, []), null);
            }
            var promoted = new List<Registration>();
            var current = seats with { State = seats.State with { Capacity = capacity } };
            do
            {
                var actions = new List<TableTransactionAction> { null! };
                var (state, batch) = await PromoteAsync(writer.Table, eventId, current.State, actions, now, skipRegistrationId: null);
                actions[0] = new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(eventId, state), current.ETag);
                var response = await writer.Table.SubmitTransactionAsync(actions, CancellationToken.None);
                current = EventPartitionWriter.Written(state, response.Value[0]) ?? throw new InvalidOperationException("No ETag for the seats record.");
                writer.Remember(current);
                promoted.AddRange(batch);
            }
            while (current.State.PromotionsDue > 0);
            return (new CapacityChange(false, current.State, promoted), current);
        }, cancellationToken);
    }

    /// <summary>
    /// Adds to <paramref name="actions"/> the promotion of the first on the waiting list into each free
    /// seat (<see cref="Waitlist.Promote"/>), each under its row's ETag and with its pending email.
    /// </summary>
    private static async Task<(CapacityState State, IReadOnlyList<Registration> Promoted)> PromoteAsync(TableClient table, string eventId,
        CapacityState state, List<TableTransactionAction> actions, DateTimeOffset now, string? skipRegistrationId)
    {
        if (state.PromotionsDue == 0)
        {
            return (state, []);
        }
        // Promotions are rare, so one partition query for the waiting.
        var filter = RegistrationKeys.Registrations(eventId) + " and " + TableClient.CreateQueryFilter($"Status eq {Enums.Name(RegistrationStatus.Waitlisted)}");
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows[row.GetString("Id") ?? row.RowKey] = row;
        }
        var (after, promoted) = Waitlist.Promote(state, rows.Values.Select(RegistrationEntities.ToRegistration), MaxPromotionsPerTransaction, now, skipRegistrationId);
        foreach (var confirmed in promoted)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(confirmed), rows[confirmed.Id].ETag));
            actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.PendingEmail(eventId, confirmed.Id, RegistrationEmailKind.Promoted, now)));
        }
        return (after, promoted);
    }
}
