using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ClustersCord.Worker.Tests.Infrastructure;

/// <summary>An HTTP-triggered function as the host routes to it.</summary>
public sealed record HttpRoute(string Function, string FunctionId, string Binding, string AuthLevel, IReadOnlyList<string> Methods, RouteTemplate Template)
{
    public TemplateMatcher Matcher { get; } = new(Template, []);

    public decimal Precedence { get; } = RoutePrecedence.ComputeInbound(Template);

    public bool NeedsKey => !AuthLevel.Equals("Anonymous", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// What the Functions host does in front of the worker, and the worker does not: choosing the function for
/// a request (its route under host.json's prefix, and its methods, from the metadata the worker reported)
/// and the key check (a function that is not Anonymous needs a host key in <c>x-functions-key</c> or
/// <c>?code=</c>, else 401 with no body). The only host key here is the organiser key, as in the
/// deployment; DevHost applies the same rule (with a problem body on its 401).
/// </summary>
public sealed class HttpRoutes(IReadOnlyList<HttpRoute> routes, string hostKey)
{
    public IReadOnlyList<HttpRoute> All => routes;

    public static HttpRoutes From(IEnumerable<JsonObject> metadata, string routePrefix, string hostKey)
    {
        var routes = new List<HttpRoute>();
        foreach (var function in metadata)
        {
            foreach (var raw in function["rawBindings"]!.AsArray())
            {
                var binding = JsonNode.Parse(raw!.GetValue<string>())!.AsObject();
                if (!string.Equals(binding["type"]?.GetValue<string>(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var name = function["name"]!.GetValue<string>();
                var route = binding["route"]?.GetValue<string>() ?? name;
                routes.Add(new HttpRoute(name, function["functionId"]!.GetValue<string>(), binding["name"]!.GetValue<string>(),
                    binding["authLevel"]?.GetValue<string>() ?? "Function",
                    binding["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToArray() ?? [],
                    TemplateParser.Parse($"{routePrefix}/{route}".TrimStart('/'))));
            }
        }
        return new HttpRoutes(routes, hostKey);
    }

    /// <summary>The function a request goes to, and its route values; the most specific template wins, as in ASP.NET Core routing.</summary>
    public (HttpRoute Route, RouteValueDictionary Values)? Match(string method, string path)
    {
        foreach (var route in routes.Where(r => r.Methods.Count == 0 || r.Methods.Contains(method, StringComparer.OrdinalIgnoreCase)).OrderBy(r => r.Precedence))
        {
            var values = new RouteValueDictionary();
            if (route.Matcher.TryMatch(new PathString(path), values))
            {
                return (route, values);
            }
        }
        return null;
    }

    /// <summary>The host's key rule: a key in the header (an empty one counts as absent) or the <c>code</c> query parameter.</summary>
    public bool HasKey(HttpRequestMessage request)
    {
        string? presented = request.Headers.TryGetValues("x-functions-key", out var values) ? values.FirstOrDefault(v => v.Length > 0) : null;
        presented ??= Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.RequestUri!.Query)
            .FirstOrDefault(q => q.Key.Equals("code", StringComparison.OrdinalIgnoreCase)).Value.FirstOrDefault();
        return presented == hostKey;
    }

    /// <summary>The route values and the query and headers, as the host puts them into an HTTP invocation's trigger metadata.</summary>
    public static JsonObject TriggerMetadata(HttpRequestMessage request, RouteValueDictionary values)
    {
        var metadata = new JsonObject();
        foreach (var (name, value) in values)
        {
            metadata[name] = RpcMessages.Text(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        var query = new JsonObject();
        foreach (var (name, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.RequestUri!.Query))
        {
            query[name] = value.ToString();
        }
        var headers = new JsonObject();
        foreach (var (name, value) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[name.ToLowerInvariant()] = string.Join(",", value);
        }
        metadata["Query"] = RpcMessages.Json(query);
        metadata["Headers"] = RpcMessages.Json(headers);
        return metadata;
    }
}
