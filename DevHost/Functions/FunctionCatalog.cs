using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ClustersCord.DevHost.Functions;

public sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel)
{
    /// <summary>Anything but Anonymous needs a key, as on the Functions host.</summary>
    public bool NeedsKey => AuthLevel != AuthorizationLevel.Anonymous;

    /// <summary>An organiser route: anonymous at the host, so a signed-in organiser gets through; the app's ManageGate asks for the key.</summary>
    public bool IsOrganisers => Route.StartsWith("manage/", StringComparison.OrdinalIgnoreCase);
}

public sealed record TimerFunction(string Name, MethodInfo Method, string Schedule, bool RunOnStartup);

/// <summary>
/// The functions of an assembly, read from the same <c>[Function]</c>, <c>[HttpTrigger]</c> and
/// <c>[TimerTrigger]</c> attributes the Functions SDK compiles into functions.metadata.
/// </summary>
public sealed class FunctionCatalog
{
    public required IReadOnlyList<HttpFunction> Http { get; init; }
    public required IReadOnlyList<TimerFunction> Timers { get; init; }

    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
        var methods = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null);
        foreach (var (method, function) in methods)
        {
            foreach (var parameter in method.GetParameters())
            {
                EnsureBindable(method, parameter);
                if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } httpTrigger)
                {
                    http.Add(new HttpFunction(
                        function!.Name,
                        method,
                        httpTrigger.Route ?? function.Name,
                        httpTrigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? [],
                        httpTrigger.AuthLevel));
                }
                else if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timerTrigger)
                {
                    timers.Add(new TimerFunction(function!.Name, method, timerTrigger.Schedule, timerTrigger.RunOnStartup));
                }
            }
        }
        return new FunctionCatalog
        {
            Http = http.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(),
            Timers = timers.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(),
        };
    }

    // Fail at start-up, not at the first request, for a parameter DevHost cannot supply.
    private static void EnsureBindable(MethodInfo method, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var supported = type == typeof(HttpRequest) || type == typeof(CancellationToken) || type == typeof(TimerInfo)
                        || type == typeof(string) || type == typeof(Guid) || type == typeof(int) || type == typeof(long);
        if (!supported)
        {
            throw new NotSupportedException(
                $"DevHost cannot bind parameter '{parameter.Name}' of type {type.Name} on {method.DeclaringType?.Name}.{method.Name}.");
        }
    }
}
