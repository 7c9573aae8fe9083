using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ClustersCord.Functions.Audit;

/// <summary>
/// The app's own check of every <c>/api/manage</c> request: the organiser key (compared with
/// <c>Access:OrganiserKey</c>, which Bicep fills from the Key Vault secret <c>organiser-key</c>) or a signed-in
/// person with the Organiser app role (only where App Service authentication is in front, see
/// <see cref="Composition.AccessOptions.AppServiceAuthentication"/>). The organiser routes are
/// <c>AuthorizationLevel.Anonymous</c> at the host, whose key check would refuse a signed-in organiser (a
/// principal carries no key level): this is their only check. One rule, placed per host (see the two adapters).
/// </summary>
public sealed class ManageGate(Audiences audiences)
{
    public bool Refuses(HttpRequest request)
        => request.Path.StartsWithSegments(AuditMiddleware.ManagePrefix, StringComparison.OrdinalIgnoreCase) && !audiences.IsOrganiser(request);

    public static Task RefuseAsync(HttpContext context)
        => ApiResults.Unauthorized().ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
}

/// <summary>
/// The gate in the isolated worker, as a function middleware: it runs once the invocation has its
/// HttpContext. (An ASP.NET Core middleware there must not answer by itself: the host's invocation would
/// wait for a request the function never gets, and the caller would see a 500.)
/// </summary>
public sealed class ManageGateFunctionMiddleware(ManageGate gate) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && gate.Refuses(http.Request))
        {
            await ManageGate.RefuseAsync(http);
            return;
        }
        await next(context);
    }
}

/// <summary>The gate in DevHost, which runs the functions from its own ASP.NET Core pipeline.</summary>
public sealed class ManageGateMiddleware(RequestDelegate next, ManageGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (gate.Refuses(context.Request))
        {
            await ManageGate.RefuseAsync(context);
            return;
        }
        await next(context);
    }
}

/// <summary>Puts <see cref="ManageGateMiddleware"/> after the audit middleware in DevHost's pipeline.</summary>
public sealed class ManageGateStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ManageGateMiddleware>();
        next(app);
    };
}
