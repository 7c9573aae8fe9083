using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Storage;

/// <summary>Reads and queries: straight to the table, never through the writer.</summary>
public sealed partial class TableRegistrationStore
{
    public async Task<CapacityState?> GetCapacityAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Seats, cancellationToken: cancellationToken);
        return row.HasValue ? RegistrationEntities.ToSeats(row.Value!) : null;
    }

    public async Task<Registration?> GetAsync(string registrationId, CancellationToken cancellationToken)
    {
        if (RegistrationIds.EventIdOf(registrationId) is not { } eventId)
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(registrationId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Id") == registrationId ? RegistrationEntities.ToRegistration(row.Value) : null;
    }

    public async Task<int?> WaitlistPositionAsync(Registration registration, CancellationToken cancellationToken)
        => Waitlist.Position(registration, await EventPartitionWriter.WaitingTicketsAheadAsync(await TableAsync(cancellationToken), registration, cancellationToken));

    public async Task<Page<Registration>> ListAsync(string eventId, RegistrationStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var page = await table.QueryAsync<TableEntity>(RegistrationsFilter(eventId, status), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize)
            .FirstAsync(cancellationToken);
        return new Page<Registration>(page.Values.Select(Readable).OfType<Registration>().ToArray(), page.ContinuationToken);
    }

    public async IAsyncEnumerable<Registration> AllAsync(string eventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationsFilter(eventId, null), cancellationToken: cancellationToken))
        {
            if (Readable(row) is { } registration)
            {
                yield return registration;
            }
        }
    }

    /// <summary>
    /// A row that does not read as a registration (damaged by hand or by a bug) is passed over and logged by
    /// its keys, so that one bad record never stops a list, an export or a reminder run for everyone else.
    /// </summary>
    private Registration? Readable(TableEntity row)
    {
        try
        {
            return RegistrationEntities.ToRegistration(row);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or System.Text.Json.JsonException or InvalidCastException or OverflowException)
        {
            LogUnreadable(row.PartitionKey, row.RowKey, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Registration row {RowKey} of event {EventId} does not read ({ExceptionType}); passed over")]
    private partial void LogUnreadable(string eventId, string rowKey, string exceptionType);

    public async Task<IReadOnlyList<string>> RegistrationIdsOfAsync(string eventId, string emailKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Person(eventId, emailKey), select: ["RegistrationId"], cancellationToken: cancellationToken))
        {
            if (row.GetString("RegistrationId") is { } id)
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    private static string RegistrationsFilter(string eventId, RegistrationStatus? status)
    {
        var range = RegistrationKeys.Registrations(eventId);
        return status is { } s ? range + " and " + TableClient.CreateQueryFilter($"Status eq {Enums.Name(s)}") : range;
    }
}
