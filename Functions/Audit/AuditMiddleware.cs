using ClustersCord.Domain.Audit;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Audit;

/// <summary>
/// Records every organiser request that may change something (any method but GET, HEAD and OPTIONS
/// under <c>/api/manage</c>) in the audit log once it is answered: who, the method and route template, the
/// route's ids, when, and the status. One place for every organiser route, present and future: it runs in
/// the ASP.NET Core pipeline that both hosts share (the worker's, behind the Functions host, and DevHost's),
/// added by a startup filter from <see cref="Composition.CompositionRoot"/>. Never the body or the query
/// (they may hold personal data); a refused request without a key or principal is nobody's and not recorded.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, IAuditLog log, Audiences audiences, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    public const string ManagePrefix = "/api/manage";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsAudited(request))
        {
            await next(context);
            return;
        }
        // The organiser routes are anonymous at the host, so every key that gets past the gate is one the app names.
        var caller = audiences.Identify(request);
        var status = 500;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            if (caller.Who is { } who)
            {
                var (action, target) = Describe(context);
                try
                {
                    await log.RecordAsync(new AuditEntry(time.GetUtcNow(), who, action, target, status), CancellationToken.None);
                }
                catch (Exception e)
                {
                    LogNotRecorded(action, status, LoggedException.Describe(e));
                }
            }
        }
    }

    public static bool IsAudited(HttpRequest request)
        => !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
           && (request.Path.StartsWithSegments(ManagePrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>"POST /api/manage/events/{eventId}/cancel" and "eventId=forum-linz" where the route is known; the path otherwise.</summary>
    private static (string Action, string Target) Describe(HttpContext context)
    {
        var method = context.Request.Method.ToUpperInvariant();
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } && template.Contains("manage", StringComparison.Ordinal))
        {
            var values = context.Request.RouteValues
                .Where(v => v.Value is string { Length: > 0 } && template.Contains("{" + v.Key, StringComparison.Ordinal))
                .Select(v => $"{v.Key}={v.Value}");
            return ($"{method} /{template.TrimStart('/')}", string.Join(" ", values));
        }
        var path = context.Request.Path.Value ?? "";
        return ($"{method} {path}", path[ManagePrefix.Length..].Trim('/'));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An organiser action ({Action}, {Status}) could not be recorded in the audit log: {Exception}")]
    private partial void LogNotRecorded(string action, int status, string exception);
}

/// <summary>
/// Puts <see cref="AuditMiddleware"/> first in the pipeline of whichever host builds it, so the gate's
/// refusals (<see cref="ManageGate"/>, placed after it) are seen, and left out, by the log.
/// </summary>
public sealed class AuditStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AuditMiddleware>();
        next(app);
    };
}
