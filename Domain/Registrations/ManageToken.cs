using System.Security.Cryptography;
using System.Text;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The secrets in a registrant's links, derived from the registration id with a server key
/// (HMAC-SHA256, 256 bits), so that later emails (promotion, reminders) can carry them again without
/// their ever being stored. Each is derived for one purpose (a prefix in the HMAC input), so one never
/// opens what the other does:
/// <list type="bullet">
/// <item>the manage token (<see cref="For"/>) opens the registration: stored only as its SHA-256 hash,
/// compared in constant time; it travels in a URL fragment and the <c>X-Manage-Token</c> header;</item>
/// <item>the unsubscribe token (<see cref="ForUnsubscribe"/>) only stops that registration's reminders;
/// it is the one secret that sits in a URL (RFC 8058 one-click), hence so narrow.</item>
/// <item>a cluster profile's manage token (<see cref="ForCluster"/>) opens that profile for its contact
/// (edit, withdraw, working groups, introductions, cooperation); never stored, compared in constant time;</item>
/// <item>the check-in check (<see cref="ForCheckIn"/>) only proves a <see cref="CheckInCode"/> (the QR code
/// on a badge) was made here: it finds the registration for an organiser and opens nothing.</item>
/// </list>
/// </summary>
public sealed class ManageToken(byte[] key)
{
    private const int MaxLength = 128;

    public string For(string registrationId) => Derive("manage:", registrationId);

    public string ForCluster(string clusterId) => Derive("cluster:", clusterId);

    /// <summary>Whether <paramref name="presented"/> is the cluster profile's manage token, in constant time.</summary>
    public bool MatchesCluster(string clusterId, string? presented)
        => !string.IsNullOrEmpty(presented) && presented.Length <= MaxLength
           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(ForCluster(clusterId)));

    public string ForUnsubscribe(string registrationId) => Derive("unsubscribe:", registrationId);

    /// <summary>12 lower-case base32 characters (60 bits), short enough to type from an email.</summary>
    public string ForCheckIn(string registrationId)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("checkin:" + registrationId));
        var bits = BitConverter.ToUInt64(mac, 0);
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++, bits >>= 5)
        {
            chars[i] = alphabet[(int)(bits & 31)];
        }
        return new string(chars);
    }

    public bool MatchesCheckIn(string registrationId, string? presented)
        => presented is { Length: 12 }
           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(ForCheckIn(registrationId)));

    /// <summary>Whether <paramref name="presented"/> is the unsubscribe token of the registration, in constant time.</summary>
    public bool MatchesUnsubscribe(string registrationId, string? presented)
        => !string.IsNullOrEmpty(presented) && presented.Length <= MaxLength
           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(ForUnsubscribe(registrationId)));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? presented, string storedHash)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxLength || string.IsNullOrEmpty(storedHash))
        {
            return false;
        }
        var expected = Convert.FromHexString(storedHash);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected);
    }

    private string Derive(string purpose, string registrationId)
        => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + registrationId)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
