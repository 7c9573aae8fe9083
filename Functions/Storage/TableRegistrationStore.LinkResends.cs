using System.Globalization;
using Azure.Data.Tables;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

public sealed partial class TableRegistrationStore
{
    /// <summary>
    /// The rate limit is a row of the event's partition (<see cref="RegistrationKeys.LinkResent"/>) holding
    /// when the link last went; it is written under its ETag (or as an insert when new) in the same
    /// transaction as the pending email, so of two instances at once only one claims, and a claim never
    /// lacks its email.
    /// </summary>
    public async Task<PendingEmail?> ClaimLinkResendAsync(Registration registration, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var key = RegistrationKeys.LinkResent(registration.Id);
        var last = await table.GetEntityIfExistsAsync<TableEntity>(registration.EventId, key, cancellationToken: cancellationToken);
        if (last.HasValue && last.Value!.GetDateTimeOffset("At") is { } at && now - at < interval)
        {
            return null;
        }
        var email = new PendingEmail(registration.Id, RegistrationEmailKind.LinkResent, now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture));
        var stamp = new TableEntity(registration.EventId, key) { ["At"] = now };
        TableTransactionAction[] actions =
        [
            last.HasValue
                ? new(TableTransactionActionType.UpdateReplace, stamp, last.Value!.ETag)
                : new(TableTransactionActionType.Add, stamp),
            new(TableTransactionActionType.Add, RegistrationEntities.PendingEmail(registration.EventId, email, now)),
        ];
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return email;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            // Another request claimed it since the read: that one sends the link.
            return null;
        }
    }
}
