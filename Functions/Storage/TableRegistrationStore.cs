using System.Collections.Concurrent;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Registrations in Table Storage: one partition per event (see <see cref="RegistrationKeys"/>), every
/// status change committed together with the seats record in one entity-group transaction, through the
/// event's <see cref="EventPartitionWriter"/>. Split by job: admissions, seats and promotion,
/// cancellations, check-ins, anonymisation, reads, pending emails, link resends.
/// </summary>
public sealed partial class TableRegistrationStore(StorageTables tables, TimeProvider time, IOptions<RegistrationOptions> options,
    ILogger<TableRegistrationStore> logger) : IRegistrationStore
{
    private readonly ConcurrentDictionary<string, EventPartitionWriter> _writers = new(StringComparer.Ordinal);
    private readonly WriterBounds _bounds = new(options.Value.WriterQueueCapacity, options.Value.WriterDeadline);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Registrations, cancellationToken);

    private async Task<EventPartitionWriter> WriterAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        // GetOrAdd may build a writer it then throws away (unstarted), but hands every caller the same one.
        return _writers.GetOrAdd(eventId, id => new EventPartitionWriter(id, table, time, _bounds));
    }
}
