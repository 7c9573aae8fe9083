using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;

namespace ClustersCord.DevHost.Docs;

/// <summary>
/// The contract, locally: <c>docs/openapi.json</c> at <c>/api/openapi.json</c>, a reference page (Scalar) at
/// <c>/api/docs</c>, and the whole of <c>docs/</c> (the problem pages that problem <c>type</c>s point to) at
/// <c>/docs</c>. In Azure the website publishes the same files (azure.yaml's packaging hook copies them).
/// </summary>
public static class DocsEndpoints
{
    public const string OpenApiPath = "/api/openapi.json";

    public static void MapDocs(this WebApplication app)
    {
        var root = FindDocsRoot(app.Configuration["DevHost:DocsRoot"]);
        if (root is null)
        {
            return;
        }
        app.MapGet(OpenApiPath, () => Results.File(Path.Combine(root, "openapi.json"), "application/json; charset=utf-8"))
            .WithDisplayName("Docs: OpenAPI document");
        app.MapScalarApiReference("/api/docs", options => options
            .WithTitle("Clusters Cord API")
            .AddDocument("v1", "Clusters Cord API", OpenApiPath));
        // Problem types are extensionless (/docs/problems/validation), as the static web app serves validation.html.
        app.MapGet("/docs/problems/{name}", (string name) =>
            name.All(c => c is (>= 'a' and <= 'z') or '-') && File.Exists(Path.Combine(root, "problems", name + ".html"))
                ? Results.File(Path.Combine(root, "problems", name + ".html"), "text/html; charset=utf-8")
                : Results.NotFound()).WithDisplayName("Docs: problem page");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = "/docs" });
    }

    /// <summary>The configured folder, else the repository's docs/ found above the program.</summary>
    private static string? FindDocsRoot(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "openapi.json")) ? Path.GetFullPath(configured) : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs");
            if (File.Exists(Path.Combine(candidate, "openapi.json")))
            {
                return candidate;
            }
        }
        return null;
    }
}
