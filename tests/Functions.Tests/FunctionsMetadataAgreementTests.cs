using ClustersCord.DevHost.Functions;
using ClustersCord.DevHost.Queues;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>DevHost's route table and schedules must be what the Functions host will run.</summary>
public sealed class FunctionsMetadataAgreementTests
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);
    private static readonly QueueFunctions Queues = QueueFunctions.From(typeof(CompositionRoot).Assembly, Path.Combine(RepositoryPaths.Root, "host.json"));

    private static string GeneratedMetadata() => File.ReadAllText(Path.Combine(
        RepositoryPaths.Root, "Functions", "bin", RepositoryPaths.Configuration, "net10.0", "functions.metadata"));

    [Fact]
    public void DevHost_agrees_with_the_generated_functions_metadata()
    {
        var generated = FunctionsMetadata.Describe(GeneratedMetadata());
        var devHost = FunctionsMetadata.Describe(Catalog, Queues);

        Assert.Equal(generated.Order(), devHost.Order());
    }

    [Fact]
    public void A_route_changed_on_one_side_only_is_caught()
    {
        var tampered = GeneratedMetadata().Replace("\"route\": \"health\"", "\"route\": \"healthz\"", StringComparison.Ordinal);
        Assert.NotEqual(GeneratedMetadata(), tampered);

        Assert.NotEqual(FunctionsMetadata.Describe(tampered).Order(), FunctionsMetadata.Describe(Catalog, Queues).Order());
    }

    [Fact]
    public void The_settings_of_run_name_every_queue_a_trigger_reads()
    {
        // ./run starts DevHost with its appsettings.json; a %setting% without a value would stop delivery.
        var settings = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "DevHost", "appsettings.json")).Build();
        foreach (var queue in Queues.All)
        {
            var setting = queue.QueueSetting.Trim('%');
            Assert.False(string.IsNullOrWhiteSpace(settings[setting]), $"{queue.Name} reads {setting}, which DevHost/appsettings.json does not set.");
        }
    }

    [Fact]
    public void Every_function_has_a_trigger_DevHost_can_serve()
    {
        Assert.Contains(Catalog.Http, f => f is { Name: "Health", Route: "health" });
        Assert.Contains(Catalog.Timers, t => t.Name == "SendReminders");
        Assert.Contains(Queues.All, q => q is { Name: "DeliverEmail", QueueSetting: "%Email:QueueName%" });
    }
}
