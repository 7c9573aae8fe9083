namespace ClustersCord.Domain.Registrations;

/// <summary>The personal links in a registrant's emails and in the API's answers.</summary>
public sealed class RegistrationLinks(Uri apiBaseUrl, ManageToken tokens, Uri? managePage = null)
{
    private readonly string _base = apiBaseUrl.ToString().TrimEnd('/');

    public string Token(string registrationId) => tokens.For(registrationId);

    /// <summary>The website's manage page when there is one, else the API's view of the registration.</summary>
    public string Manage(string registrationId) => managePage is null
        ? $"{_base}/api/registrations/{Uri.EscapeDataString(registrationId)}?token={tokens.For(registrationId)}"
        : $"{managePage}{(managePage.Query.Length > 0 ? "&" : "?")}id={Uri.EscapeDataString(registrationId)}&token={tokens.For(registrationId)}";

    public string Calendar(string registrationId)
        => $"{_base}/api/registrations/{Uri.EscapeDataString(registrationId)}/calendar.ics?token={tokens.For(registrationId)}";

    public string StopReminders(string registrationId)
        => $"{_base}/api/registrations/{Uri.EscapeDataString(registrationId)}/reminders/stop?token={tokens.For(registrationId)}";
}
