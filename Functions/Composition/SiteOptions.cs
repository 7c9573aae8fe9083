using System.ComponentModel.DataAnnotations;

namespace ClustersCord.Functions.Composition;

/// <summary>Addresses the backend writes into emails and redirects.</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    /// <summary>Public base address of this API (manage links point here), without <c>/api</c>.</summary>
    [Required] public Uri ApiBaseUrl { get; set; } = new("http://localhost:7071");
    /// <summary>The website's thank-you page for plain HTML form posts (303).</summary>
    [Required] public Uri ThankYouUrl { get; set; } = new("http://localhost:7071/thank-you.html");
    /// <summary>
    /// The website's page behind the personal manage link (it gets <c>#id=&amp;token=</c> in the fragment);
    /// when empty, <c>{ApiBaseUrl}/manage.html</c>, the copy DevHost serves.
    /// </summary>
    public Uri? ManagePageUrl { get; set; }
    /// <summary>
    /// Where the published <c>docs/</c> are (problem pages, openapi.json): problem <c>type</c>s point below it.
    /// When empty, <c>{ApiBaseUrl}/docs</c>, the copy DevHost serves; in Azure the website's <c>/docs</c>.
    /// </summary>
    public Uri? DocsUrl { get; set; }

    /// <summary>The docs address in effect.</summary>
    public Uri EffectiveDocsUrl => DocsUrl ?? new Uri(ApiBaseUrl.ToString().TrimEnd('/') + "/docs");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        => new[]
        {
            SettingChecks.AbsoluteUrl(ApiBaseUrl, "Site:ApiBaseUrl"),
            SettingChecks.AbsoluteUrl(ThankYouUrl, "Site:ThankYouUrl"),
            SettingChecks.AbsoluteUrl(ManagePageUrl, "Site:ManagePageUrl"),
            SettingChecks.AbsoluteUrl(DocsUrl, "Site:DocsUrl"),
        }.OfType<ValidationResult>();
}
