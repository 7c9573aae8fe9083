using ClustersCord.Functions.Http;

namespace ClustersCord.DevHost.Functions;

/// <summary>Maps every HTTP-triggered function to its route under the host.json prefix.</summary>
public static class FunctionEndpoints
{
    public static void MapFunctions(this WebApplication app, FunctionCatalog catalog, string routePrefix)
    {
        foreach (var function in catalog.Http)
        {
            var pattern = $"{routePrefix}/{function.Route}".TrimStart('/');
            RequestDelegate handler = async context =>
            {
                if (function.NeedsKey && !context.RequestServices.GetRequiredService<Audiences>().IsOrganiser(context.Request))
                {
                    await ApiResults.Unauthorized().ExecuteAsync(context);
                    return;
                }
                await FunctionInvoker.InvokeHttpAsync(function, context);
            };
            var endpoint = function.Methods.Count == 0 ? app.Map(pattern, handler) : app.MapMethods(pattern, function.Methods, handler);
            endpoint.WithDisplayName(function.Name);
        }
    }
}
