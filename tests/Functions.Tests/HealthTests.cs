using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.DevHost;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

public sealed class HealthTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task Answers_ok_when_storage_answers()
    {
        var response = await stack.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Answers_503_problem_when_storage_is_away()
    {
        // A host whose storage points at a port where nothing listens.
        var port = FreePort.Next();
        var deadPort = FreePort.Next();
        var app = DevHostApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Storage:ConnectionString"] = Azurite.ConnectionStringFor(deadPort, deadPort, deadPort),
            ["Registrations:TokenSecret"] = "test-token-secret-of-at-least-32-characters",
            ["DevHost:RunTimers"] = "false",
            ["Logging:LogLevel:Default"] = "None",
        }));
        await app.StartAsync();
        try
        {
            using var client = TestStack.ContractCheckedClient(new Uri($"http://127.0.0.1:{port}"));
            var response = await client.GetAsync("/api/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
