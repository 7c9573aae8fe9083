using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace ClustersCord.DevHost.Queues;

/// <param name="QueueSetting">The trigger's queue name as written, <c>%Setting%</c> references included.</param>
public sealed record QueueFunction(string Name, MethodInfo Method, string QueueSetting);

/// <summary>
/// The <c>[QueueTrigger]</c> functions of an assembly, from the same attributes the Functions SDK compiles
/// into functions.metadata, and the host's queue rules from host.json (<c>extensions.queues</c>).
/// </summary>
public sealed class QueueFunctions(IReadOnlyList<QueueFunction> functions, int maxDequeueCount, int batchSize)
{
    public IReadOnlyList<QueueFunction> All => functions;

    /// <summary>Attempts before a message goes to <c>{queue}-poison</c> (host default 5).</summary>
    public int MaxDequeueCount => maxDequeueCount;

    /// <summary>Messages taken and run at once (host default 16, at most 32, the most a queue hands out).</summary>
    public int BatchSize => batchSize;

    public static QueueFunctions From(Assembly assembly, string hostJsonPath)
    {
        var functions = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .SelectMany(x => x.Method.GetParameters()
                .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>())
                .OfType<QueueTriggerAttribute>()
                .Select(trigger => new QueueFunction(x.Function!.Name, x.Method, trigger.QueueName)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        var root = JsonNode.Parse(File.ReadAllText(hostJsonPath));
        var queues = root?["extensions"]?["queues"];
        var count = queues?["maxDequeueCount"]?.GetValue<int>() ?? 5;
        var batch = Math.Clamp(queues?["batchSize"]?.GetValue<int>() ?? 16, 1, 32);
        return new QueueFunctions(functions, count, batch);
    }
}
