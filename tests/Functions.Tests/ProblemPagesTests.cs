using System.Net;
using System.Text.Json;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>Problem types are absolute URIs of pages of docs/ that explain the problem and what to do.</summary>
public sealed class ProblemPagesTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task Every_problem_type_the_code_can_produce_has_its_page()
    {
        var types = ProblemTypes.All.Concat(Enumerable.Range(400, 200).Select(ProblemTypes.ForStatus)).Distinct().ToArray();
        foreach (var type in types)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "docs") + type + ".html"), $"docs{type}.html");
            var page = await stack.Client.GetAsync("/docs" + type);
            Assert.True(page.StatusCode == HttpStatusCode.OK, type);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("What to do", await page.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("GET", "/api/events/no-such-event", null)]
    [InlineData("POST", "/api/events/no-such-event/registrations", "{}")]
    [InlineData("GET", "/api/manage/clusters", null)]
    [InlineData("PUT", "/api/manage/events/x", null)]
    [InlineData("GET", "/api/events?sector=nope", null)]
    [InlineData("DELETE", "/api/events", null)]
    public async Task Answers_carry_absolute_types_that_resolve_to_their_page(string method, string path, string? json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        var response = await stack.Client.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var type = problem.RootElement.GetProperty("type").GetString()!;

        Assert.True(Uri.TryCreate(type, UriKind.Absolute, out var uri), type);
        Assert.StartsWith(stack.BaseAddress.ToString().TrimEnd('/') + "/docs/problems/", type);
        var page = await stack.Client.GetAsync(uri.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
