using System.Security.Cryptography;
using System.Text;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The secret in a registrant's manage link. Derived from the registration id with a server key
/// (HMAC-SHA256, 256 bits), so that later emails (promotion, reminders) can carry the link again
/// without the token ever being stored; only its SHA-256 hash is kept, and compared in constant time.
/// </summary>
public sealed class ManageToken(byte[] key)
{
    public string For(string registrationId)
        => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("manage:" + registrationId)));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? presented, string storedHash)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 128 || string.IsNullOrEmpty(storedHash))
        {
            return false;
        }
        var expected = Convert.FromHexString(storedHash);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
