using System.Text.Json.Nodes;

namespace ClustersCord.DevHost.Functions;

/// <summary>Reads what DevHost needs from the Functions host.json.</summary>
public static class HostJson
{
    /// <summary><c>extensions.http.routePrefix</c>, "api" when absent, as on the Functions host.</summary>
    public static string RoutePrefix(string hostJsonPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(hostJsonPath));
        var prefix = root?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>();
        return (prefix ?? "api").Trim('/');
    }
}
