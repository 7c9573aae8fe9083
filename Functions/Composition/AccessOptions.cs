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
}
