using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>The email a registration's admission owes, as the app names it in a queue message (with the batch row that holds it); it must still be owed.</summary>
public static class OwedEmails
{
    public static async Task<PendingEmail> OfAdmissionAsync(TestStack stack, JsonElement registered)
    {
        var id = Api.ManageLink(registered).Id;
        var table = await stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
        var kind = registered.GetProperty("status").GetString() == "confirmed" ? RegistrationEmailKind.Confirmed : RegistrationEmailKind.Waitlisted;
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(RegistrationIds.EventIdOf(id)!, PendingEmailBatches.Prefix)))
        {
            if (PendingEmailBatches.PendingEmails(row).FirstOrDefault(e => e.RegistrationId == id && e.Kind == kind) is { } owed)
            {
                return owed;
            }
        }
        throw new InvalidOperationException($"No batch row holds the {kind} email of {id}.");
    }

    /// <summary>The admission's email as the app's queue message names it: with its batch row and the waiting-list place the answer told.</summary>
    public static async Task<QueuedEmail> QueuedAsync(TestStack stack, JsonElement registered)
        => QueuedEmail.For(await OfAdmissionAsync(stack, registered),
            registered.TryGetProperty("waitlistPosition", out var place) && place.ValueKind == JsonValueKind.Number ? place.GetInt32() : null);
}
