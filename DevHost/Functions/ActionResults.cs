using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ClustersCord.DevHost.Functions;

public static class ActionResults
{
    /// <summary>Executes an MVC action result outside MVC, as the Functions ASP.NET Core integration does.</summary>
    public static Task ExecuteAsync(this IActionResult result, HttpContext context)
        => result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
}
