using System.Security.Cryptography;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// Invitation codes are <c>{id}{secret}</c>: 12 base32 characters naming the invitation (one point read
/// finds it) and 26 random ones (130 bits) that only the holder knows. The code is shown once; only its
/// SHA-256 hash is stored and compared in constant time, as for manage tokens.
/// </summary>
public static class InvitationCode
{
    public const int IdLength = 12;
    public const int Length = IdLength + 26;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static (string Id, string Code) New()
    {
        var code = Random(Length);
        return (code[..IdLength], code);
    }

    /// <summary>The invitation a code names; null when it cannot be a code at all.</summary>
    public static string? IdOf(string? code)
        => code is { Length: Length } && code.All(Alphabet.Contains) ? code[..IdLength] : null;

    public static bool IsValidId(string? id) => id is { Length: IdLength } && id.All(Alphabet.Contains);

    /// <summary>Codes are typed or pasted: surrounding spaces and capitals do not matter.</summary>
    public static string? Clean(string? code) => code?.Trim().ToLowerInvariant();

    public static string Hash(string code) => ManageToken.Hash(code);

    public static bool Matches(string code, string storedHash) => ManageToken.Matches(code, storedHash);

    private static string Random(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }
        return new string(chars);
    }
}
