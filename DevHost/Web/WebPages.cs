using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace ClustersCord.DevHost.Web;

/// <summary>
/// Serves the website pieces in <c>web/</c> at <c>/</c>, as the project website would, and the registration
/// form of one event at <c>/events/{id}/register</c> with the event's id written into the form's action,
/// so that the form works without JavaScript (the embedding website does the same in production).
/// </summary>
public static partial class WebPages
{
    public static void MapWebPages(this WebApplication app)
    {
        var root = FindWebRoot(app.Configuration["DevHost:WebRoot"]);
        if (root is null)
        {
            return;
        }
        var headers = SecurityHeaders(root);
        app.Use((context, next) =>
        {
            // The website's pages get the headers the static web app sends (web/staticwebapp.config.json);
            // the API and DevHost's own tools set theirs.
            if (!IsHostPath(context.Request.Path))
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers[name] = value;
                }
            }
            return next(context);
        });
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapGet("/events/{eventId}/register", async (string eventId, HttpContext context) =>
        {
            if (!EventId().IsMatch(eventId))
            {
                return Results.NotFound();
            }
            var html = await File.ReadAllTextAsync(Path.Combine(root, "register.html"), context.RequestAborted);
            return Results.Content(html.Replace("__EVENT_ID__", eventId, StringComparison.Ordinal), "text/html; charset=utf-8");
        }).WithDisplayName("Web: registration form");
    }

    private static bool IsHostPath(PathString path)
        => path.StartsWithSegments("/api") || path.StartsWithSegments("/admin") || path.StartsWithSegments("/dev") || path.StartsWithSegments("/v3");

    /// <summary>The <c>globalHeaders</c> of the static web app's configuration, so that both hosts send the same.</summary>
    private static IReadOnlyList<(string Name, string Value)> SecurityHeaders(string root)
    {
        var file = Path.Combine(root, "staticwebapp.config.json");
        if (!File.Exists(file))
        {
            return [];
        }
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        return config.RootElement.GetProperty("globalHeaders").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToArray();
    }

    /// <summary>The configured folder, else the repository's web/ found above the program.</summary>
    private static string? FindWebRoot(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web");
            if (File.Exists(Path.Combine(candidate, "register.html")))
            {
                return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex EventId();
}
