using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// <c>/dev/outbox/faults</c>: a SendGrid outage rehearsed through HTTP (statuses for the next requests, a
/// failure rate, a hold), shown, and ended; organiser key only; a bad body is a 400 problem and changes nothing.
/// </summary>
public sealed class SinkFaultEndpointTests : IAsyncLifetime
{
    // The hold runs on the stack's clock, which one test moves: the class's tests share a stack of their own.
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    private Task<HttpResponseMessage> SendMailAsync(CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["from"] = new JsonObject { ["email"] = "programme@clusterscord.example" },
            ["subject"] = "Hello",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi" }),
            ["personalizations"] = new JsonArray(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["email"] = "p@example.org" }) }),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/mail/send") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("Authorization", "Bearer key");
        return _stack.Client.SendAsync(request, cancellationToken);
    }

    private Task<HttpResponseMessage> PutFaultsAsync(string json)
        => _stack.Organiser.PutAsync("/dev/outbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> FaultsAsync() => await _stack.Organiser.GetFromJsonAsync<JsonElement>("/dev/outbox/faults");

    [Fact]
    public async Task Listed_statuses_answer_the_next_requests_are_counted_and_DELETE_ends_the_faults()
    {
        var put = await PutFaultsAsync("""{"next": [429, 500]}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var first = await SendMailAsync();
        var second = await SendMailAsync();
        var third = await SendMailAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        var shown = await FaultsAsync();
        Assert.Equal(2, shown.GetProperty("injected").GetInt32());
        Assert.Equal(0, shown.GetProperty("next").GetArrayLength());

        await PutFaultsAsync("""{"failureRate": 1}""");
        Assert.Equal(1.0, (await FaultsAsync()).GetProperty("failureRate").GetDouble());
        Assert.NotEqual(HttpStatusCode.Accepted, (await SendMailAsync()).StatusCode);

        var deleted = await _stack.Organiser.DeleteAsync("/dev/outbox/faults");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendMailAsync()).StatusCode);
        var ended = await FaultsAsync();
        Assert.Equal(0.0, ended.GetProperty("failureRate").GetDouble());
        Assert.Equal(3, ended.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task A_hold_keeps_every_request_waiting_until_its_time_has_passed()
    {
        await PutFaultsAsync("""{"holdSeconds": 10}""");

        var sending = SendMailAsync();
        await Eventually.TrueAsync(async () => (await FaultsAsync()).GetProperty("holding").GetInt32() > 0, "the request reaches the hold");
        Assert.False(sending.IsCompleted);
        _stack.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Accepted, (await sending).StatusCode);
        Assert.Equal(10, (await FaultsAsync()).GetProperty("holdSeconds").GetDouble());
    }

    [Theory]
    [InlineData("""{"next": [200]}""")]
    [InlineData("""{"next": [429, 700]}""")]
    [InlineData("""{"next": "429"}""")]
    [InlineData("""{"failureRate": 1.5}""")]
    [InlineData("""{"failureRate": -0.1}""")]
    [InlineData("""{"holdSeconds": -1}""")]
    [InlineData("""{"holdSeconds": 100000}""")]
    [InlineData("""not json""")]
    public async Task A_bad_body_is_a_400_problem_and_changes_nothing(string json)
    {
        await PutFaultsAsync("""{"next": [503]}""");

        var response = await PutFaultsAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var shown = await FaultsAsync();
        Assert.Equal([503], shown.GetProperty("next").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0.0, shown.GetProperty("failureRate").GetDouble());
        Assert.Equal(0.0, shown.GetProperty("holdSeconds").GetDouble());
    }

    [Fact]
    public async Task Without_the_organiser_key_the_faults_are_neither_shown_nor_changed()
    {
        var get = await _stack.Client.GetAsync("/dev/outbox/faults");
        var put = await _stack.Client.PutAsync("/dev/outbox/faults", new StringContent("""{"next": [500]}""", Encoding.UTF8, "application/json"));
        var delete = await _stack.Client.DeleteAsync("/dev/outbox/faults");

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendMailAsync()).StatusCode);
    }
}
