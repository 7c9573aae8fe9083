using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The pending emails an event owes many registrants at once, in its registrations partition beside the
/// ones single changes write (the same <c>m-</c> rows, so delivery, the sent-email log and the sweep treat
/// them alike). A hundred rows per transaction: a notice to 150 people is two writes, not 150.
/// </summary>
public sealed partial class TableRegistrationStore : IOwedEmailStore
{
    private const int RowsPerTransaction = 100;

    public async Task OweAsync(string eventId, IReadOnlyList<PendingEmail> emails, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        foreach (var chunk in emails.Chunk(RowsPerTransaction))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(
                    TableTransactionActionType.Add, RegistrationEntities.PendingEmail(eventId, e, now))), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // A retry of a notice partly stored before: each row on its own, keeping those already there
                // (one may have been claimed or sent since).
                foreach (var email in chunk)
                {
                    try
                    {
                        await table.AddEntityAsync(RegistrationEntities.PendingEmail(eventId, email, now), cancellationToken);
                    }
                    catch (RequestFailedException conflict) when (conflict.Status == 409)
                    {
                    }
                }
            }
        }
    }
}
