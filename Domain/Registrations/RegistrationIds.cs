using System.Security.Cryptography;

namespace ClustersCord.Domain.Registrations;

/// <summary>
/// Registration ids are <c>{eventId}.{20 random base32 characters}</c>: the event part finds the
/// partition with one point read; the random part keeps ids unguessable (100 bits).
/// </summary>
public static class RegistrationIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string New(string eventId)
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }
        return eventId + "." + new string(chars);
    }

    public static string? EventIdOf(string? registrationId)
    {
        var dot = registrationId?.LastIndexOf('.') ?? -1;
        if (dot <= 0 || registrationId!.Length - dot - 1 != 20)
        {
            return null;
        }
        var eventId = registrationId[..dot];
        return Programme.EventValidator.IsValidId(eventId) && registrationId[(dot + 1)..].All(Alphabet.Contains) ? eventId : null;
    }
}
