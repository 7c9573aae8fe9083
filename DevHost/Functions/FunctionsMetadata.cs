using System.Text.Json;

namespace ClustersCord.DevHost.Functions;

/// <summary>
/// Compares DevHost's view of the functions with the functions.metadata the Functions SDK generates, so
/// that the two hosts cannot drift: names, triggers, routes, methods, auth levels, schedules, queues.
/// </summary>
public static class FunctionsMetadata
{
    /// <summary>One line per function and trigger, in a form both sides can produce.</summary>
    public static IReadOnlySet<string> Describe(FunctionCatalog catalog, Queues.QueueFunctions queues)
        => catalog.Http.Select(f => Http(f.Name, f.Route, f.Methods, f.AuthLevel.ToString()))
            .Concat(catalog.Timers.Select(t => Timer(t.Name, t.Schedule)))
            .Concat(queues.All.Select(q => Queue(q.Name, q.QueueSetting)))
            .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> Describe(string functionsMetadataJson)
    {
        using var document = JsonDocument.Parse(functionsMetadataJson);
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                switch (binding.GetProperty("type").GetString())
                {
                    case "httpTrigger":
                        var methods = binding.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                            ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
                            : [];
                        var route = binding.TryGetProperty("route", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : name;
                        lines.Add(Http(name, route, methods, binding.GetProperty("authLevel").GetString()!));
                        break;
                    case "timerTrigger":
                        lines.Add(Timer(name, binding.GetProperty("schedule").GetString()!));
                        break;
                    case "queueTrigger":
                        lines.Add(Queue(name, binding.GetProperty("queueName").GetString()!));
                        break;
                }
            }
        }
        return lines;
    }

    private static string Http(string name, string route, IEnumerable<string> methods, string authLevel)
        => $"http {name} {string.Join(',', methods.Order(StringComparer.Ordinal))} {route} {authLevel}";

    private static string Timer(string name, string schedule) => $"timer {name} {schedule}";

    private static string Queue(string name, string queue) => $"queue {name} {queue}";
}
