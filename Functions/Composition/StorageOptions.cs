using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

/// <summary>
/// Where the app keeps its records and documents. Locally a connection string (Azurite); in Azure the
/// service URIs with a managed identity (<c>DefaultAzureCredential</c>), so no key is ever configured.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }
    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }
    /// <summary>Prefix for every table and container name, so several apps or test runs can share one account.</summary>
    [RegularExpression("^[a-z][a-z0-9]{0,15}$|^$")]
    public string NamePrefix { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && (TableServiceUri is null || BlobServiceUri is null))
        {
            yield return new ValidationResult(
                "Set Storage:ConnectionString, or both Storage:TableServiceUri and Storage:BlobServiceUri.",
                [nameof(ConnectionString)]);
        }
        foreach (var problem in new[] { SettingChecks.AbsoluteUrl(TableServiceUri, "Storage:TableServiceUri"), SettingChecks.AbsoluteUrl(BlobServiceUri, "Storage:BlobServiceUri") })
        {
            if (problem is not null)
            {
                yield return problem;
            }
        }
    }
}
