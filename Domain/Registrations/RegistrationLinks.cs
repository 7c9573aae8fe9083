namespace ClustersCord.Domain.Registrations;

/// <summary>
/// The personal links in a registrant's emails and in the API's answers. The manage token travels only
/// in a URL fragment (<c>{manage page}#id=…&amp;token=…</c>), which browsers never send to a server, so
/// no request log, proxy or Referer sees it; the page hands it to the API in the <c>X-Manage-Token</c>
/// header. The only secret in a URL is the unsubscribe token, which opens nothing else.
/// </summary>
/// <param name="managePage">
/// The website's manage page; when none is configured, <c>{api base}/manage.html</c>, the copy of the
/// website's page that DevHost serves (a deployment configures the website's own).
/// </param>
public sealed class RegistrationLinks(Uri apiBaseUrl, ManageToken tokens, Uri? managePage = null)
{
    private readonly string _base = apiBaseUrl.ToString().TrimEnd('/');
    private readonly string _managePage = managePage?.GetLeftPart(UriPartial.Query) ?? apiBaseUrl.ToString().TrimEnd('/') + "/manage.html";

    public string Token(string registrationId) => tokens.For(registrationId);

    /// <summary>The server's token derivation, for the check-in code (<see cref="CheckInCode"/>).</summary>
    public ManageToken Tokens => tokens;

    /// <summary>The value of the QR code on the registrant's confirmation (<see cref="CheckInCode"/>).</summary>
    public string CheckInCode(string registrationId) => new CheckInCode(tokens).For(registrationId);

    public string Manage(string registrationId)
        => $"{_managePage}#id={Uri.EscapeDataString(registrationId)}&token={tokens.For(registrationId)}";

    /// <summary>The calendar file; the manage token goes in the <c>X-Manage-Token</c> header.</summary>
    public string Calendar(string registrationId)
        => $"{_base}/api/registrations/{Uri.EscapeDataString(registrationId)}/calendar.ics";

    /// <summary>The RFC 8058 one-click link: carries the narrow unsubscribe token, never the manage token.</summary>
    public string StopReminders(string registrationId)
        => $"{_base}/api/registrations/{Uri.EscapeDataString(registrationId)}/reminders/stop?token={tokens.ForUnsubscribe(registrationId)}";

    public bool IsUnsubscribeToken(string registrationId, string? presented) => tokens.MatchesUnsubscribe(registrationId, presented);
}
