using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ClustersCord.Functions.Audit;

/// <summary>
/// The app's own check of every <c>/api/manage</c> request, in both hosts: the organiser key (compared
/// with <c>Access:OrganiserKey</c>, which Bicep fills from the same Key Vault secret as the host's
/// <c>organisers</c> function key) or a signed-in person with the Organiser app role (only where App Service
/// authentication is in front, see <see cref="Composition.AccessOptions.AppServiceAuthentication"/>).
/// The organiser routes are <c>AuthorizationLevel.Anonymous</c> at the host, whose key check would refuse a
/// signed-in organiser (a principal carries no key level): this gate is their only check, in both hosts.
/// </summary>
public sealed class ManageGate(RequestDelegate next, Audiences audiences)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(AuditMiddleware.ManagePrefix, StringComparison.OrdinalIgnoreCase)
            && !audiences.IsOrganiser(context.Request))
        {
            await ApiResults.Unauthorized().ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
            return;
        }
        await next(context);
    }
}
