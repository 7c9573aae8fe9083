using System.Net;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

public sealed class DevHostRoutingTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await stack.Client.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Running_a_timer_needs_the_organiser_key()
    {
        var response = await stack.Client.PostAsync("/admin/functions/SendReminders", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Running_a_timer_with_a_wrong_key_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/SendReminders");
        request.Headers.Add("x-functions-key", TestStack.OrganiserKey + "x");

        var response = await stack.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Running_an_unknown_function_is_a_404()
    {
        var response = await stack.Organiser.PostAsync("/admin/functions/NoSuchFunction", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Running_a_timer_with_the_key_is_accepted()
    {
        var response = await stack.Organiser.PostAsync("/admin/functions/SendReminders", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Running_a_timer_with_the_key_in_the_query_and_waiting_completes_it()
    {
        var response = await stack.Client.PostAsync($"/admin/functions/SendReminders?wait=true&code={TestStack.OrganiserKey}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("completed", body.RootElement.GetProperty("status").GetString());
    }
}
