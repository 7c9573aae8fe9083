using System.Net;
using System.Text;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// The contract check bites: a fake upstream answers documented operations with answers that break
/// docs/openapi.json, and the suite's client fails each naming the operation. The real API's answers are
/// checked by every other test, through the same client.
/// </summary>
public sealed class ContractCheckTests : IAsyncLifetime
{
    private WebApplication _fake = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _fake = builder.Build();
        ((IApplicationBuilder)_fake).Run(async context =>
        {
            var (status, type, body) = context.Request.Path.Value switch
            {
                // Event lacks everything it requires, and its capacity is a string.
                "/api/events/wrong-body" => (200, "application/json", """{"id":"wrong-body","capacity":"fifty"}"""),
                // The right shape as the wrong media type.
                "/api/events/wrong-type" => (200, "text/plain", "ok"),
                // A status GetEvent does not list.
                "/api/events/wrong-status" => (202, "application/json", "{}"),
                // A problem without its required members.
                "/api/events/wrong-problem" => (404, "application/problem+json", """{"detail":42}"""),
                // A redirect GetEvent does not list, to a page that is not checked: the redirect itself is.
                "/api/events/moved" => (307, "text/plain", ""),
                // Not in the document: not checked.
                _ => (200, "text/plain", "anything"),
            };
            if (status == 307)
            {
                context.Response.Headers.Location = "/dev/outbox";
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            await context.Response.WriteAsync(body, Encoding.UTF8);
        });
        await _fake.StartAsync();
        _client = TestStack.ContractCheckedClient(new Uri($"http://127.0.0.1:{port}"), allowAutoRedirect: false);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("wrong-body", "200 application/json", "response.body")]
    [InlineData("wrong-type", "200 text/plain", "media type")]
    [InlineData("wrong-status", "202 application/json", "status code")]
    [InlineData("wrong-problem", "404 application/problem+json", "response.body")]
    [InlineData("moved", "307 text/plain", "Unable to match the returned status code")]
    public async Task An_answer_the_document_does_not_allow_fails_the_request_naming_the_operation(string eventId, string answer, string named)
    {
        var failure = await Assert.ThrowsAsync<OpenApiContractException>(() => _client.GetAsync($"/api/events/{eventId}"));

        Assert.StartsWith($"GetEvent (GET /api/events/{{eventId}}) answered {answer}", failure.Message);
        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public async Task The_test_stacks_clients_are_checked()
    {
        // DevHost with one answer spoiled in front of the functions: {"status":"fine"} where the document says "ok".
        await using var stack = new TestStack
        {
            ConfigureHost = builder => builder.Services.AddSingleton<IStartupFilter>(new SpoiledHealth()),
        };
        await stack.InitializeAsync();

        var failure = await Assert.ThrowsAsync<OpenApiContractException>(() => stack.Client.GetAsync("/api/health"));

        Assert.StartsWith("Health (GET /api/health) answered 200 application/json", failure.Message);
        Assert.Contains("response.body.status", failure.Message);
        var unspoiled = await stack.Organiser.GetAsync("/api/events");
        Assert.Equal(HttpStatusCode.OK, unspoiled.StatusCode);
    }

    private sealed class SpoiledHealth : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Path == "/api/health")
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("""{"status":"fine"}""");
                    return;
                }
                await following();
            });
            next(app);
        };
    }

    [Fact]
    public async Task Routes_the_document_does_not_describe_are_not_checked()
    {
        var response = await _client.GetAsync("/dev/outbox");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anything", await response.Content.ReadAsStringAsync());
    }
}
