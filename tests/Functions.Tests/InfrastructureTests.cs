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

    private static readonly string Hook = Path.Combine(RepositoryPaths.Root, "infra", "hooks", "write-web-config.sh");

    /// <summary>Runs the website's deploy hook as azd does: sh, in the web folder, with the azd environment's values.</summary>
    private static Task<(int ExitCode, string Output)> HookAsync(string web, string? apiUrl, string? signIn = null)
    {
        // env takes its -u options before its assignments.
        string[] unset = [.. apiUrl is null ? ["-u", "CLUSTERSCORD_API_URL"] : Array.Empty<string>(), .. signIn is null ? ["-u", "CLUSTERSCORD_SIGN_IN"] : Array.Empty<string>()];
        string[] set = [.. apiUrl is null ? Array.Empty<string>() : ["CLUSTERSCORD_API_URL=" + apiUrl], .. signIn is null ? Array.Empty<string>() : ["CLUSTERSCORD_SIGN_IN=" + signIn]];
        return Processes.RunAsync("env", [.. unset, .. set, "sh", Hook, ".", Path.Combine(RepositoryPaths.Root, "docs")], web, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public async Task The_website_hook_tells_the_back_office_whether_microsoft_sign_in_is_on(string? signIn, bool expected)
    {
        var web = Directory.CreateTempSubdirectory("clusterscord-web-").FullName;
        try
        {
            var run = await HookAsync(web, "https://func-clusterscord-abc.azurewebsites.net/api", signIn);

            Assert.True(run.ExitCode == 0, run.Output);
            using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(web, "config.json")));
            Assert.Equal(expected, config.RootElement.GetProperty("appServiceAuth").GetBoolean());
        }
        finally
        {
            Directory.Delete(web, recursive: true);
        }
    }

    [Fact]
    public async Task The_website_hook_writes_config_json_from_the_provisioned_api_address_and_copies_the_docs()
    {
        var web = Directory.CreateTempSubdirectory("clusterscord-web-").FullName;
        try
        {
            var run = await HookAsync(web, "https://func-clusterscord-abc.azurewebsites.net/api/");

            Assert.True(run.ExitCode == 0, run.Output);
            using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(web, "config.json")));
            Assert.Equal("https://func-clusterscord-abc.azurewebsites.net/api", config.RootElement.GetProperty("api").GetString());
            Assert.True(File.Exists(Path.Combine(web, "docs", "openapi.json")));
        }
        finally
        {
            Directory.Delete(web, recursive: true);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ftp://example.org/api")]
    [InlineData("https://example.org/api\"/x")]
    public async Task Without_a_provisioned_api_address_the_website_hook_fails_and_writes_no_config(string? apiUrl)
    {
        var web = Directory.CreateTempSubdirectory("clusterscord-web-").FullName;
        try
        {
            var run = await HookAsync(web, apiUrl);

            Assert.NotEqual(0, run.ExitCode);
            Assert.False(File.Exists(Path.Combine(web, "config.json")), "a config.json pointing at a wrong API was written");
        }
        finally
        {
            Directory.Delete(web, recursive: true);
        }
    }

    [Fact]
    public async Task The_template_outputs_what_the_hook_reads_and_azd_up_provisions_before_it_packages_the_website()
    {
        var build = await BicepAsync("build", "main.bicep", "--stdout");
        Assert.Equal(0, build.ExitCode);
        using var template = JsonDocument.Parse(build.Output);
        var outputs = template.RootElement.GetProperty("outputs");
        Assert.True(outputs.TryGetProperty("CLUSTERSCORD_API_URL", out var api), "main.bicep no longer outputs CLUSTERSCORD_API_URL, which the website hook reads");
        Assert.Contains("apiUrl", api.GetProperty("value").GetString());
        Assert.Contains("CLUSTERSCORD_API_URL", await File.ReadAllTextAsync(Hook));

        // azure.yaml: the web service's prepackage hook is the script, and `up` provisions, then deploys
        // (deploy packages): so packaging, and the hook, come after the outputs exist.
        var azure = (await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Root, "azure.yaml"))).Select(l => l.TrimEnd()).ToList();
        var prepackage = azure.FindIndex(l => l.Trim() == "prepackage:");
        Assert.True(prepackage > azure.FindIndex(l => l.Trim() == "web:"), "the web service has no prepackage hook");
        Assert.Contains(azure.Skip(prepackage).Take(4), l => l.Contains("infra/hooks/write-web-config.sh", StringComparison.Ordinal));
        var up = azure.FindIndex(l => l == "workflows:");
        Assert.True(up >= 0 && azure[up + 1].Trim() == "up:", "azure.yaml has no `up` workflow");
        var steps = azure.Skip(up + 3).TakeWhile(l => l.TrimStart().StartsWith("- azd:", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(["- azd: provision", "- azd: deploy --all"], steps);
    }


    /// <summary>
    /// Organisers' sign-in: with an app registration id, App Service authentication with Entra ID that lets
    /// anonymous requests through, and the app setting that makes the app trust the principal header; without
    /// one, neither (the header is ignored). The template's two expressions are evaluated for both cases.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("00000000-0000-0000-0000-0000000000aa")]
    public async Task Sign_in_is_configured_exactly_when_an_app_registration_is_given(string clientId)
    {
        var build = await BicepAsync("build", "main.bicep", "--stdout");
        Assert.Equal(0, build.ExitCode);
        using var parsed = JsonDocument.Parse(build.Output);
        var main = parsed.RootElement;
        Assert.Equal("", main.GetProperty("parameters").GetProperty("organiserSignInClientId").GetProperty("defaultValue").GetString());
        var functionApp = Resources(main)
            .Single(r => r.GetProperty("name").GetString() == "functionapp");
        Assert.Equal("[parameters('organiserSignInClientId')]",
            functionApp.GetProperty("properties").GetProperty("parameters").GetProperty("signInClientId").GetProperty("value").GetString());
        var template = functionApp.GetProperty("properties").GetProperty("template");
        Assert.Equal("[not(empty(parameters('signInClientId')))]", template.GetProperty("variables").GetProperty("signIn").GetString());
        var resources = Resources(template).ToList();
        var authentication = resources.Single(r => r.GetProperty("name").GetString()!.Contains("authsettingsV2"));
        var settings = resources.Single(r => r.GetProperty("name").GetString()!.Contains("'appsettings'"));
        Assert.Equal("[variables('signIn')]", authentication.GetProperty("condition").GetString());
        Assert.Equal("[if(variables('signIn'), 'true', 'false')]",
            settings.GetProperty("properties").GetProperty("Access__AppServiceAuthentication").GetString());

        // The two cases: the expressions evaluated as ARM does, with the client id given or not.
        var signIn = Arm(template.GetProperty("variables").GetProperty("signIn").GetString()!, clientId, signIn: null);
        Assert.Equal(clientId.Length > 0 ? "true" : "false", signIn);
        Assert.Equal(signIn, Arm(authentication.GetProperty("condition").GetString()!, clientId, signIn));
        Assert.Equal(signIn, Arm(settings.GetProperty("properties").GetProperty("Access__AppServiceAuthentication").GetString()!, clientId, signIn));
        var properties = authentication.GetProperty("properties");
        Assert.False(properties.GetProperty("globalValidation").GetProperty("requireAuthentication").GetBoolean());
        Assert.Equal("AllowAnonymous", properties.GetProperty("globalValidation").GetProperty("unauthenticatedClientAction").GetString());
        // The back-office on the website's origin: back there after signing in, and calls with the session cookie.
        Assert.Equal("[parameters('allowedOrigins')]", properties.GetProperty("login").GetProperty("allowedExternalRedirectUrls").GetString());
        var site = resources.Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        var cors = site.GetProperty("properties").GetProperty("siteConfig").GetProperty("cors");
        Assert.Equal(signIn, Arm(cors.GetProperty("supportCredentials").GetString()!, clientId, signIn));
        Assert.True(template.GetProperty("outputs").TryGetProperty("signIn", out _), "the function app module no longer outputs signIn");
        Assert.True(main.GetProperty("outputs").TryGetProperty("CLUSTERSCORD_SIGN_IN", out _), "main.bicep no longer outputs CLUSTERSCORD_SIGN_IN, which the website hook reads");
        var entra = properties.GetProperty("identityProviders").GetProperty("azureActiveDirectory");
        Assert.True(entra.GetProperty("enabled").GetBoolean());
        Assert.Equal("[parameters('signInClientId')]", entra.GetProperty("registration").GetProperty("clientId").GetString());
    }

    /// <summary>A template's resources, an array or (symbolic names) an object.</summary>
    private static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray().ToList() : resources.EnumerateObject().Select(r => r.Value).ToList();
    }

    /// <summary>The few ARM expressions the sign-in uses: not(empty(parameters(…))), variables('signIn'), if(…, 'true', 'false').</summary>
    private static string Arm(string expression, string clientId, string? signIn) => expression switch
    {
        "[not(empty(parameters('signInClientId')))]" => clientId.Length > 0 ? "true" : "false",
        "[variables('signIn')]" => signIn!,
        "[if(variables('signIn'), 'true', 'false')]" => signIn!,
        _ => throw new InvalidOperationException("An expression this test does not evaluate: " + expression),
    };

    [Fact]
    public async Task Every_table_the_app_uses_is_created_by_the_template()
    {
        var storage = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "infra", "app", "storage.bicep"));
        var names = typeof(ClustersCord.Functions.Storage.TableNames).GetFields().Select(f => (string)f.GetValue(null)!);

        Assert.All(names, name => Assert.Contains($"'{name}'", storage));
    }

    [Fact]
    public async Task The_published_function_app_has_host_json_worker_config_metadata_for_every_function_and_linux_x64_natives_only()
    {
        var output = Path.Combine(Path.GetTempPath(), "clusterscord-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            var publish = await Processes.RunAsync("dotnet",
                ["publish", Path.Combine(RepositoryPaths.Root, "Functions", "ClustersCord.Functions.csproj"), "-c", "Release", "-o", output, "--nologo"],
                RepositoryPaths.Root, TimeSpan.FromMinutes(8));
            Assert.True(publish.ExitCode == 0, publish.Output);

            Assert.True(File.Exists(Path.Combine(output, "host.json")));
            // Azure runs it on Linux x64: the scheduler's native library for that platform, and no other platform's.
            Assert.True(File.Exists(Path.Combine(output, "runtimes", "linux-x64", "native", "google-ortools-native.so")));
            Assert.All(Directory.GetDirectories(Path.Combine(output, "runtimes")).Select(Path.GetFileName),
                rid => Assert.Contains(rid, new[] { "linux-x64", "linux", "unix" }));
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
