using ClustersCord.Worker.Tests.Infrastructure;

namespace ClustersCord.Worker.Tests;

/// <summary>The host's start-up conversation with the published worker: metadata and a load per function.</summary>
[Collection(WorkerCollection.Name)]
public sealed class FunctionLoadTests(WorkerHost worker)
{
    [Fact]
    public void The_worker_reports_every_function_of_functions_metadata_and_loads_each()
    {
        var published = worker.PublishedMetadata.Select(f => f!["name"]!.GetValue<string>()).Order().ToArray();
        var reported = worker.Functions.Select(f => f["name"]!.GetValue<string>()).Order().ToArray();
        Assert.NotEmpty(published);
        Assert.Equal(published, reported);

        var failed = published
            .Where(name => !worker.Loads.TryGetValue(name, out var load) || !RpcMessages.Succeeded(load["result"]))
            .Select(name => $"{name}: {(worker.Loads.TryGetValue(name, out var load) ? load["result"]?.ToJsonString() : "no load response")}")
            .ToArray();
        Assert.True(failed.Length == 0, "Functions the worker did not load:\n" + string.Join("\n", failed));
    }

    [Fact]
    public void Every_http_function_has_a_route_and_the_timer_and_queue_triggers_are_there()
    {
        var http = worker.PublishedMetadata.Count(f => f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "httpTrigger"));
        Assert.Equal(http, worker.Routes.All.Count);
        Assert.Contains(worker.Functions, f => f["name"]!.GetValue<string>() == "SendReminders");
        Assert.Contains(worker.Functions, f => f["name"]!.GetValue<string>() == "DeliverEmail");
    }
}
