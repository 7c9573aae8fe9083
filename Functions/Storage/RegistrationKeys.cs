using System.Security.Cryptography;
using System.Text;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The row keys of an event's partition in the registrations table (a contract: changing them needs a
/// migration). Prefixes sort apart, so each kind of row is one range query:
/// <list type="bullet">
/// <item><c>e-{sha256(email key)}</c>: the duplicate check, pointing at the person's active registration;</item>
/// <item><c>e-{sha256(email key)}-{random part of the id}</c>: a cancelled registration of that person,
/// kept until it is anonymised;</item>
/// <item><c>i-{invitation id}</c>: an invitation to the event, whose use count commits with the registrations it admits;</item>
/// <item><c>l-{random part of the id}</c>: when the registration's manage link was last emailed again
/// to a repeat registration (the rate limit, held here so that it holds across instances; no personal data);</item>
/// <item><c>m-{random part of the id}-{kind}[-{instance}]</c>: an email the registration still owes its person
/// (<see cref="Domain.Registrations.PendingEmail"/>), written with the change that owes it;</item>
/// <item><c>m-~{guid}</c>: the emails owed by the admissions of one transaction, in one row
/// (<see cref="PendingEmailBatches"/>; '~' is not in the alphabet of ids, so no registration's range holds it);</item>
/// <item><c>r-{random part of the id}</c>: a registration;</item>
/// <item><c>s-{ticks}-{random}</c>: a log of pending emails that went out (their <c>m-</c> keys), until
/// SendPendingEmails has deleted them;</item>
/// <item><c>seats</c>: the capacity record whose ETag guards every change, closed once the event is cancelled (it sorts after the <c>s-</c> range).</item>
/// </list>
/// The waiting list is the registrations with status waitlisted, in the order of their ticket
/// (a number from the seats record); no row of its own, so an admission writes two rows a person (its
/// registration and its duplicate check) and one for the pending emails of all it admits.
/// The <c>e-</c> rows are also the person index that erasure reads: one range per event finds every
/// registration of a person, and each is written in the transaction that creates or cancels the
/// registration, so none can be missing.
/// </summary>
public static class RegistrationKeys
{
    public const string Seats = "seats";
    public const string RegistrationPrefix = "r-";
    public const string PendingEmailPrefix = "m-";
    public const string SentEmailLogPrefix = "s-";
    public const string InvitationPrefix = "i-";

    public static string Invitation(string invitationId) => InvitationPrefix + invitationId;

    /// <summary>The filter for an event's invitation rows.</summary>
    public static string Invitations(string eventId) => Prefixed(eventId, InvitationPrefix);

    public static string Registration(string registrationId) => RegistrationPrefix + RandomPart(registrationId);

    private static string RandomPart(string registrationId) => registrationId[(registrationId.LastIndexOf('.') + 1)..];

    public static string Email(string emailKey) => "e-" + EmailHash(emailKey);

    public static string FormerEmail(string emailKey, string registrationId) => Email(emailKey) + "-" + RandomPart(registrationId);

    /// <summary>The filter for a person's rows in an event: the active pointer and those of cancelled registrations.</summary>
    public static string Person(string eventId, string emailKey) => Prefixed(eventId, Email(emailKey));

    public const string LinkResentPrefix = "l-";

    public static string PendingEmail(string registrationId, RegistrationEmailKind kind) => $"{PendingEmailPrefix}{RandomPart(registrationId)}-{Enums.Name(kind)}";

    public static string PendingEmail(Domain.Registrations.PendingEmail email)
        => PendingEmail(email.RegistrationId, email.Kind) + (email.Instance is null ? "" : "-" + email.Instance);

    /// <summary>The rate-limit row of a registration's manage link sent again.</summary>
    public static string LinkResent(string registrationId) => LinkResentPrefix + RandomPart(registrationId);

    /// <summary>The filter for the pending emails one registration still owes, of every kind.</summary>
    public static string PendingEmailsOf(string eventId, string registrationId) => Prefixed(eventId, $"{PendingEmailPrefix}{RandomPart(registrationId)}-");

    /// <summary>The filter for an event's pending emails left (or claimed) at or before a time.</summary>
    public static string PendingEmails(string eventId, DateTimeOffset leftBy)
        => Prefixed(eventId, PendingEmailPrefix) + " and " + Azure.Data.Tables.TableClient.CreateQueryFilter($"Since le {leftBy}");

    /// <summary>A new sent-email log row: in time order, and unique among instances writing at once.</summary>
    public static string SentEmailLog(DateTimeOffset at) => $"{SentEmailLogPrefix}{at.UtcTicks:D19}-{Guid.NewGuid():N}";

    /// <summary>The filter for an event's sent-email log rows.</summary>
    public static string SentEmailLogs(string eventId) => Prefixed(eventId, SentEmailLogPrefix);

    /// <summary>The filter for an event's registration rows.</summary>
    public static string Registrations(string eventId) => Prefixed(eventId, RegistrationPrefix);

    /// <summary>Hex SHA-256: row and partition keys must not hold '/', '#', '?' or '\', which emails may.</summary>
    public static string EmailHash(string emailKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(emailKey)));

    /// <summary>
    /// The filter for the rows of an event whose row key starts with <paramref name="prefix"/>: one range,
    /// up to the prefix with its last character moved on by one ('-' + 1 is '.').
    /// </summary>
    public static string Prefixed(string eventId, string prefix) => Azure.Data.Tables.TableClient.CreateQueryFilter(
        $"PartitionKey eq {eventId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
}
