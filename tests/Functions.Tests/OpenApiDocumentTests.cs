using System.Diagnostics;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.OpenApi;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// docs/openapi.json is the contract: it validates (Microsoft.OpenApi's reader, Redocly's recommended rules),
/// it has an operation for every HTTP function in the generated functions.metadata and no operation without
/// one, and DevHost serves it with a reference page.
/// </summary>
public sealed class OpenApiDocumentTests(TestStack stack) : IClassFixture<TestStack>
{
    private static readonly string DocumentPath = Path.Combine(RepositoryPaths.Root, "docs", "openapi.json");

    private static string GeneratedMetadata() => File.ReadAllText(Path.Combine(
        RepositoryPaths.Root, "Functions", "bin", RepositoryPaths.Configuration, "net10.0", "functions.metadata"));

    /// <summary>"METHOD /path" for each HTTP trigger (HEAD goes with GET: the document says every GET answers HEAD).</summary>
    public static IReadOnlySet<string> FunctionOperations(string functionsMetadataJson)
    {
        using var document = JsonDocument.Parse(functionsMetadataJson);
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in document.RootElement.EnumerateArray().SelectMany(f => f.GetProperty("bindings").EnumerateArray()))
        {
            if (binding.GetProperty("type").GetString() != "httpTrigger")
            {
                continue;
            }
            var route = "/" + binding.GetProperty("route").GetString();
            foreach (var method in binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Where(m => m != "HEAD"))
            {
                operations.Add($"{method} {route}");
            }
        }
        return operations;
    }

    public static IReadOnlySet<string> DocumentOperations(string openApiJson)
    {
        using var document = JsonDocument.Parse(openApiJson);
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
                .Select(o => $"{o.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Every_http_function_has_an_operation_and_every_operation_a_function()
    {
        var functions = FunctionOperations(GeneratedMetadata());
        var documented = DocumentOperations(File.ReadAllText(DocumentPath));

        Assert.True(functions.Count > 30, "functions.metadata was read");
        Assert.Empty(functions.Except(documented).Order());
        Assert.Empty(documented.Except(functions).Order());
    }

    [Fact]
    public void A_function_without_an_operation_is_caught()
    {
        var tampered = GeneratedMetadata().Replace("\"route\": \"health\"", "\"route\": \"healthz\"", StringComparison.Ordinal);
        Assert.NotEqual(GeneratedMetadata(), tampered);

        Assert.Contains("GET /healthz", FunctionOperations(tampered).Except(DocumentOperations(File.ReadAllText(DocumentPath))));
    }

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_1_for_Microsoft_OpenApi()
    {
        await using var stream = File.OpenRead(DocumentPath);
        var result = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.Empty(result.Diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic!.SpecificationVersion);
        var document = result.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => e.ToString()));
        Assert.Contains("X-Manage-Token", document.Components!.SecuritySchemes!.Values.Select(s => s?.Name));
    }

    [Fact]
    public async Task Redocly_lints_the_document_with_its_recommended_rules_without_errors()
    {
        var redocly = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), "npm ci installs @redocly/cli (package.json)");
        var start = new ProcessStartInfo(redocly, ["lint", DocumentPath, "--extends=recommended", "--format=stylish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await output + errors);
    }

    [Fact]
    public async Task DevHost_serves_the_document_and_a_reference_page()
    {
        var document = await stack.Client.GetAsync("/api/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(DocumentPath), await document.Content.ReadAsStringAsync());

        var page = await stack.Client.GetAsync("/api/docs/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi.json", html);
        // The website's CSP (default-src 'none') would stop the page's script: DevHost's /api pages do not get it.
        Assert.False(page.Headers.Contains("Content-Security-Policy"));
    }
}
