using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Http;

namespace ClustersCord.DevHost.Queues;

/// <summary>
/// DevHost addition, local only: <c>POST /admin/queues/drain</c> (organiser key) runs the queue-triggered
/// functions over every message now and answers when the queues are empty (200 with the counts), so tests
/// and <c>./run</c> can deliver deterministically with the poller off.
/// </summary>
public static class QueueEndpoints
{
    public static void MapQueues(this WebApplication app)
    {
        app.MapPost("/admin/queues/drain", async context =>
        {
            var services = context.RequestServices;
            if (!services.GetRequiredService<Audiences>().IsOrganiser(context.Request))
            {
                await ApiResults.Unauthorized().ExecuteAsync(context);
                return;
            }
            var drained = await services.GetRequiredService<QueueRunner>().DrainAsync(context.RequestAborted);
            await ApiResults.Ok(new { completed = drained.Completed, failed = drained.Failed, poisoned = drained.Poisoned }).ExecuteAsync(context);
        }).WithDisplayName("Admin: drain queues");
    }

    public static void AddQueues(this IServiceCollection services, string hostJsonPath)
    {
        services.AddSingleton(QueueFunctions.From(typeof(ClustersCord.Functions.Composition.CompositionRoot).Assembly, hostJsonPath));
        services.AddSingleton<QueueRunner>();
        services.AddHostedService<QueuePoller>();
    }
}
