using System.Security.Cryptography;
using System.Text;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The row keys of an event's partition in the registrations table (a contract: changing them needs a
/// migration). Prefixes sort apart, so each kind of row is one range query:
/// <list type="bullet">
/// <item><c>e-{sha256(email key)}</c>: the duplicate check, one per active registration;</item>
/// <item><c>r-{random part of the id}</c>: a registration;</item>
/// <item><c>seats</c>: the capacity record whose ETag guards every change.</item>
/// </list>
/// The waiting list is the registrations with status waitlisted, in the order of their ticket
/// (a number from the seats record); no row of its own, so an admission writes two rows, not three.
/// </summary>
public static class RegistrationKeys
{
    public const string Seats = "seats";
    public const string RegistrationPrefix = "r-";

    public static string Registration(string registrationId) => RegistrationPrefix + registrationId[(registrationId.LastIndexOf('.') + 1)..];

    public static string Email(string emailKey) => "e-" + EmailHash(emailKey);

    /// <summary>The filter for an event's registration rows.</summary>
    public static string Registrations(string eventId) => Azure.Data.Tables.TableClient.CreateQueryFilter(
        $"PartitionKey eq {eventId} and RowKey ge {RegistrationPrefix} and RowKey lt {RangeEnd(RegistrationPrefix)}");

    /// <summary>Hex SHA-256: row and partition keys must not hold '/', '#', '?' or '\', which emails may.</summary>
    public static string EmailHash(string emailKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(emailKey)));

    /// <summary>The exclusive upper bound of a prefix range ('-' + 1 is '.').</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
