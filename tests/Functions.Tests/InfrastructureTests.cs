using System.Reflection;
using System.Text.Json;
using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>The Azure deployment: the Bicep template compiles and lints clean, and the publish output is what Azure runs.</summary>
public sealed class InfrastructureTests
{
    private static readonly string Bicep = typeof(InfrastructureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;

    private static async Task<(int ExitCode, string Output)> BicepAsync(params string[] arguments)
    {
        // The CLI package is linux-x64 only, as are this project's machines.
        if (OperatingSystem.IsLinux() && !File.GetUnixFileMode(Bicep).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(Bicep, File.GetUnixFileMode(Bicep) | UnixFileMode.UserExecute);
        }
        return await Processes.RunAsync(Bicep, arguments, Path.Combine(RepositoryPaths.Root, "infra"), TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task The_template_builds_and_lints_with_no_diagnostics_and_holds_every_resource()
    {
        var lint = await BicepAsync("lint", "main.bicep");
        var build = await BicepAsync("build", "main.bicep", "--stdout");

        Assert.True(lint.ExitCode == 0 && lint.Output.Trim().Length == 0, lint.Output);
        Assert.Equal(0, build.ExitCode);
        var template = build.Output;
        using var parsed = JsonDocument.Parse(template);
        foreach (var expected in new[]
        {
            "Microsoft.Web/serverfarms", "\"FlexConsumption\"", "\"FC1\"", "functionapp,linux", "dotnet-isolated",
            "Microsoft.Storage/storageAccounts", "\"allowSharedKeyAccess\": false", "\"minimumTlsVersion\": \"TLS1_2\"", "\"allowBlobPublicAccess\": false",
            "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Authorization/roleAssignments",
            "Microsoft.Insights/components", "Microsoft.OperationalInsights/workspaces",
            "Microsoft.KeyVault/vaults", "sendgrid-api-key", "@Microsoft.KeyVault(", "allowedOrigins",
            "AzureWebJobsStorage__credential", "AzureFunctionsWebHost__hostid", "Storage__TableServiceUri", "Storage__BlobServiceUri",
            "Microsoft.Storage/storageAccounts/tableServices/tables", "Microsoft.Storage/storageAccounts/blobServices/containers",
        })
        {
            Assert.Contains(expected, template);
        }
    }

    [Fact]
    public async Task Every_table_the_app_uses_is_created_by_the_template()
    {
        var storage = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "infra", "app", "storage.bicep"));
        var names = typeof(ClustersCord.Functions.Storage.TableNames).GetFields().Select(f => (string)f.GetValue(null)!);

        Assert.All(names, name => Assert.Contains($"'{name}'", storage));
    }

    [Fact]
    public async Task The_published_function_app_has_host_json_worker_config_and_metadata_for_every_function()
    {
        var output = Path.Combine(Path.GetTempPath(), "clusterscord-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            var publish = await Processes.RunAsync("dotnet",
                ["publish", Path.Combine(RepositoryPaths.Root, "Functions", "ClustersCord.Functions.csproj"), "-c", "Release", "-o", output, "--nologo"],
                RepositoryPaths.Root, TimeSpan.FromMinutes(8));
            Assert.True(publish.ExitCode == 0, publish.Output);

            Assert.True(File.Exists(Path.Combine(output, "host.json")));
            using var worker = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "worker.config.json")));
            Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
            var metadata = await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata"));
            var catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);
            var queues = ClustersCord.DevHost.Queues.QueueFunctions.From(typeof(CompositionRoot).Assembly, Path.Combine(output, "host.json"));
            Assert.Equal(FunctionsMetadata.Describe(catalog, queues).Order(), FunctionsMetadata.Describe(metadata).Order());
            Assert.Equal(catalog.Http.Count + catalog.Timers.Count + queues.All.Count, JsonDocument.Parse(metadata).RootElement.GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
