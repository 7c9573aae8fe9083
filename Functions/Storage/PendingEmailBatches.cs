using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The pending emails of one admission transaction in one shared row (<c>m-~{guid}</c>, see
/// <see cref="RegistrationKeys"/>) instead of a row each: an admission then writes two rows a person, not
/// three, and a transaction takes 49 people instead of 33. The row lists its emails; each is claimed
/// (stamped <c>held</c>), released and removed on its own, by a read and a write of the whole row under its
/// ETag, so that of two deliveries at once only one claims an email, and a removed email is never claimed
/// again. The row goes once its last email is removed. Its <c>Since</c> moves with every claim, as a row of
/// its own does, which keeps the sweep away for the grace.
/// </summary>
public static class PendingEmailBatches
{
    public const string Prefix = RegistrationKeys.PendingEmailPrefix + "~";

    /// <summary>A change finds the row changed by another delivery (412) at most this often before it gives up (the delivery is tried again).</summary>
    private const int MaxAttempts = 20;

    private const string Emails = "Emails";

    public static string NewKey() => Prefix + Guid.NewGuid().ToString("N");

    /// <summary>Whether a key (from a queue message, so checked) names a batch row.</summary>
    public static bool IsBatch(string key) => key.Length == Prefix.Length + 32 && key.StartsWith(Prefix, StringComparison.Ordinal)
                                              && key.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>The shared row of <paramref name="emails"/>, all of one event, none held.</summary>
    public static TableEntity ToEntity(string eventId, string key, IEnumerable<PendingEmail> emails, DateTimeOffset since)
        => ToEntity(eventId, key, emails.Select(e => new Entry(e.RegistrationId, Enums.Name(e.Kind), e.Instance, null)).ToList(), since);

    /// <summary>The emails a batch row still holds, each named with its batch.</summary>
    public static IReadOnlyList<PendingEmail> PendingEmails(TableEntity row)
        => EntriesOf(row).Select(e => e.ToPendingEmail(row.RowKey)).OfType<PendingEmail>().ToList();

    /// <summary>
    /// Claims those of <paramref name="named"/> (all of this batch) the row still holds and no other delivery
    /// holds within <paramref name="lease"/>: stamps them held, and the row's <c>Since</c>, in one write.
    /// </summary>
    public static Task<IReadOnlyList<PendingEmail>> ClaimAsync(TableClient table, string eventId, string key,
        IReadOnlyCollection<PendingEmail> named, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
        => ChangeAsync(table, eventId, key, entries =>
        {
            var claimed = new List<PendingEmail>();
            var next = entries.Select(entry =>
            {
                if (named.FirstOrDefault(entry.Names) is not { } email || entry.Held is { } held && held > now - lease)
                {
                    return entry;
                }
                claimed.Add(email);
                return entry with { Held = now };
            }).ToList();
            return (claimed.Count == 0 ? null : next, (IReadOnlyList<PendingEmail>)claimed, now);
        }, [], cancellationToken);

    /// <summary>Removes emails sent, refused or dropped for good; the row goes with the last of them.</summary>
    public static Task RemoveAsync(TableClient table, string eventId, string key, IReadOnlyCollection<PendingEmail> done, CancellationToken cancellationToken)
        => RemoveWhereAsync(table, eventId, key, entry => done.Any(entry.Names), cancellationToken);

    /// <summary>Removes every email the event's batch rows hold for one registration (its erasure); how many they held.</summary>
    public static async Task<int> RemoveAllOfAsync(TableClient table, string eventId, string registrationId, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var row in await RowsHoldingAsync(table, eventId, registrationId, cancellationToken))
        {
            removed += await RemoveWhereAsync(table, eventId, row.RowKey, entry => entry.RegistrationId == registrationId, cancellationToken);
        }
        return removed;
    }

    /// <summary>The email a batch row of the event still holds for a registration, named with its batch; null when none does.</summary>
    public static async Task<PendingEmail?> FindAsync(TableClient table, string eventId, string registrationId, CancellationToken cancellationToken = default)
    {
        var rows = await RowsHoldingAsync(table, eventId, registrationId, cancellationToken);
        return rows.SelectMany(PendingEmails).FirstOrDefault(e => e.RegistrationId == registrationId);
    }

    /// <summary>
    /// The event's batch rows that hold an email of a registration: one range query over them all (few at any
    /// time: each goes once its emails are sent), for the rare look-up by person.
    /// </summary>
    private static async Task<List<TableEntity>> RowsHoldingAsync(TableClient table, string eventId, string registrationId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(RegistrationKeys.Prefixed(eventId, Prefix), select: ["RowKey", Emails], cancellationToken: cancellationToken))
        {
            if (EntriesOf(row).Any(entry => entry.RegistrationId == registrationId))
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    private static Task<int> RemoveWhereAsync(TableClient table, string eventId, string key, Func<Entry, bool> removed, CancellationToken cancellationToken)
        => ChangeAsync(table, eventId, key, entries =>
        {
            var next = entries.Where(entry => !removed(entry)).ToList();
            return (next.Count == entries.Count ? null : next, entries.Count - next.Count, null);
        }, 0, cancellationToken);

    /// <summary>Gives up the claims on emails a delivery could not send, so that the next attempt may take them at once.</summary>
    public static Task ReleaseAsync(TableClient table, string eventId, string key, IReadOnlyCollection<PendingEmail> left, CancellationToken cancellationToken)
        => ChangeAsync(table, eventId, key, entries =>
        {
            var released = false;
            var next = entries.Select(entry =>
            {
                if (entry.Held is null || !left.Any(entry.Names))
                {
                    return entry;
                }
                released = true;
                return entry with { Held = null };
            }).ToList();
            return (released ? next : null, true, null);
        }, true, cancellationToken);

    /// <summary>
    /// Reads the row, applies <paramref name="change"/> (null entries: nothing to write) and writes the result
    /// under the row's ETag (deleting the row when no email is left), again from the read when another
    /// delivery changed it meanwhile. A row that is gone answers <paramref name="whenGone"/>.
    /// </summary>
    private static async Task<T> ChangeAsync<T>(TableClient table, string eventId, string key,
        Func<List<Entry>, (List<Entry>? Next, T Result, DateTimeOffset? Since)> change, T whenGone, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(eventId, key, cancellationToken: cancellationToken);
            if (!read.HasValue)
            {
                return whenGone;
            }
            var row = read.Value!;
            var (next, result, since) = change(EntriesOf(row));
            if (next is null)
            {
                return result;
            }
            try
            {
                if (next.Count == 0)
                {
                    await table.DeleteEntityAsync(eventId, key, row.ETag, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(ToEntity(eventId, key, next, since ?? row.GetDateTimeOffset("Since") ?? DateTimeOffset.UnixEpoch),
                        row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return result;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return whenGone;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                // Another delivery changed the row since the read: decide again on what it holds now.
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw StorageContentionException.ConflictsExhausted(eventId, e);
            }
        }
    }

    private static TableEntity ToEntity(string eventId, string key, List<Entry> entries, DateTimeOffset since) => new(eventId, key)
    {
        [Emails] = JsonSerializer.Serialize(entries, JsonOptions),
        ["Since"] = since,
    };

    private static List<Entry> EntriesOf(TableEntity row)
    {
        try
        {
            return JsonSerializer.Deserialize<List<Entry>>(row.GetString(Emails) ?? "[]", JsonOptions) ?? [];
        }
        catch (JsonException)
        {
            // Not written by this code: holds nothing that can be sent (the sweep deletes it).
            return [];
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>One email of the row: whose, of which kind, and since when a delivery holds it (null: none).</summary>
    private sealed record Entry(
        [property: JsonPropertyName("r")] string RegistrationId,
        [property: JsonPropertyName("k")] string Kind,
        [property: JsonPropertyName("i")] string? Instance,
        [property: JsonPropertyName("h")] DateTimeOffset? Held)
    {
        public bool Names(PendingEmail email) => email.RegistrationId == RegistrationId && Enums.Name(email.Kind) == Kind && email.Instance == Instance;

        public PendingEmail? ToPendingEmail(string batch) => Enums.Parse<RegistrationEmailKind>(Kind) is { } kind
            ? new PendingEmail(RegistrationId, kind, Instance) { Batch = batch }
            : null;
    }
}
