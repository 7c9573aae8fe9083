using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.DevHost.Timers;

/// <summary>
/// <c>POST /admin/functions/{name}</c>: runs a timer function now, as the Functions host's admin API does
/// (202). DevHost addition: <c>?wait=true</c> answers only when the run has finished (200, or 500 problem).
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this WebApplication app, FunctionCatalog catalog)
    {
        app.MapPost("/admin/functions/{name}", async context =>
        {
            var result = await RunAsync(context, catalog, (string)context.GetRouteValue("name")!);
            await result.ExecuteAsync(context);
        }).WithDisplayName("Admin: run function");
    }

    private static async Task<IActionResult> RunAsync(HttpContext context, FunctionCatalog catalog, string name)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<Audiences>().IsOrganiser(context.Request))
        {
            return ApiResults.Unauthorized();
        }
        var function = catalog.Timers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return ApiResults.NotFound($"No timer function named '{name}'.");
        }
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var run = services.GetRequiredService<TimerRunner>().RunAsync(function, isPastDue: false, stopping);
        if (context.Request.Query["wait"] != "true")
        {
            // Failures are logged by the runner; observe the task so nothing goes unobserved.
            _ = run.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return ApiResults.Accepted(new { name = function.Name, status = "started" });
        }
        try
        {
            await run;
            return ApiResults.Ok(new { name = function.Name, status = "completed" });
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            return ApiResults.Problem(500, "Function failed", $"{function.Name} failed; see the DevHost log.");
        }
    }
}
