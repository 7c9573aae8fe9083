namespace ClustersCord.Functions.Composition;

/// <summary>
/// Keys for the two non-public audiences. In Azure the organiser key is the Functions host's own function
/// key (checked by the host); the observer key is checked by the app and comes from Key Vault.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>Used by DevHost only, standing in for the Functions host's key check.</summary>
    public string? OrganiserKey { get; set; }
    public string? ObserverKey { get; set; }

    /// <summary>
    /// App Service authentication (Microsoft Entra ID) is in front of the app, so the
    /// <c>X-MS-CLIENT-PRINCIPAL</c> header can only have come from the platform (which drops that header from
    /// any request it did not authenticate itself). Only Bicep sets it, together with the authentication it
    /// configures; without it the header is ignored, so no local or direct caller can claim to be someone.
    /// </summary>
    public bool AppServiceAuthentication { get; set; }
}
