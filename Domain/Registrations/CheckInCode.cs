namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The value of the QR code on a registrant's confirmation: <c>CC1.{registrationId}.{check}</c>, where
/// <c>check</c> is 12 base32 characters (60 bits) of an HMAC-SHA256 of the id under the server's key, for
/// the purpose "check-in" only (<see cref="ManageToken.ForCheckIn"/>). It lets an organiser find the
/// registration at the door and nothing more: it is not the manage token (whoever sees a badge cannot
/// cancel), it cannot be made up for another id, and it needs nothing stored. <c>CC1</c> names the format,
/// so a later one can be told apart. Read case-insensitively and with spaces around forgiven, since people
/// type it from the email.
/// </summary>
public sealed class CheckInCode(ManageToken tokens)
{
    public const string Prefix = "CC1.";
    private const int MaxLength = 200;

    public string For(string registrationId) => Prefix + registrationId + "." + tokens.ForCheckIn(registrationId);

    /// <summary>The registration a code stands for; null for anything that is not a valid code (without telling why).</summary>
    public string? RegistrationIdOf(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > MaxLength)
        {
            return null;
        }
        var text = code.Trim().ToLowerInvariant();
        if (!text.StartsWith(Prefix.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return null;
        }
        var rest = text[Prefix.Length..];
        var dot = rest.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var registrationId = rest[..dot];
        return RegistrationIds.EventIdOf(registrationId) is not null && tokens.MatchesCheckIn(registrationId, rest[(dot + 1)..])
            ? registrationId
            : null;
    }
}
