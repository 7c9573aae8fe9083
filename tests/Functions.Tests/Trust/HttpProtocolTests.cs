using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ClustersCord.DevHost.Functions;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>HTTP as RFC 9110 has it: media type parameters, conditional requests, HEAD, and the key's forms.</summary>
public sealed partial class HttpProtocolTests(TestStack stack) : IClassFixture<TestStack>
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("Application/JSON;charset=utf-8")]
    [InlineData("application/json")]
    public async Task A_JSON_body_is_accepted_whatever_the_spelling_of_its_media_type(string contentType)
    {
        var content = new StringContent(Api.Forum().ToJsonString(), Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await stack.Organiser.PutAsync($"/api/manage/events/media-{Guid.NewGuid().ToString("N")[..8]}", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=\"latin1\"")]
    [InlineData("text/plain")]
    public async Task Other_media_types_and_charsets_are_still_refused(string contentType)
    {
        var content = new StringContent(Api.Forum().ToJsonString(), Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await stack.Organiser.PutAsync($"/api/manage/events/media-{Guid.NewGuid().ToString("N")[..8]}", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_catalogue_honours_weak_star_and_listed_If_None_Match()
    {
        var first = await stack.Client.GetAsync("/api/clusters?sector=ict");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.Tag;

        foreach (var condition in new[] { etag, "W/" + etag, "*", $"\"other\", W/{etag}", $"\"other\",{etag}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?sector=ict");
            request.Headers.TryAddWithoutValidation("If-None-Match", condition);
            var response = await stack.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotModified, $"If-None-Match: {condition} answered {(int)response.StatusCode}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?sector=ict");
        other.Headers.TryAddWithoutValidation("If-None-Match", "\"other\", W/\"another\"");
        Assert.Equal(HttpStatusCode.OK, (await stack.Client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task HEAD_answers_like_GET_without_a_body_on_every_GET_route()
    {
        var eventId = await stack.CreateEventAsync();
        var routes = Catalog.Http.Where(f => f.Methods.Contains("GET")).ToArray();
        Assert.True(routes.Length > 10);
        foreach (var function in routes)
        {
            Assert.Contains("HEAD", function.Methods);
            var path = "/api/" + RouteValue().Replace(function.Route, m => m.Groups[1].Value switch
            {
                "eventId" => eventId,
                "sector" => "ict",
                _ => "a1b2c3",
            });
            var client = function.NeedsKey || function.IsOrganisers ? stack.Organiser : stack.Client;
            var get = await client.GetAsync(path);
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.True(get.StatusCode == head.StatusCode, $"{function.Name}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("code")]
    [InlineData("CODE")]
    [InlineData("Code")]
    public async Task An_empty_key_header_does_not_hide_a_correct_code_in_the_query_whatever_its_case(string name)
    {
        var eventId = await stack.CreateEventAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/manage/events/{eventId}/registrations?{name}={TestStack.OrganiserKey}");
        request.Headers.TryAddWithoutValidation("x-functions-key", "");

        var response = await stack.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/api/manage/events/{eventId}/registrations?{name}={TestStack.OrganiserKey}x");
        wrong.Headers.TryAddWithoutValidation("x-functions-key", "");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Client.SendAsync(wrong)).StatusCode);
    }

    [Theory]
    [InlineData("code")]
    [InlineData("CODE")]
    public void The_apps_own_audience_check_reads_the_observer_key_like_the_host(string name)
    {
        var audiences = stack.Services.GetRequiredService<Audiences>();
        var context = new DefaultHttpContext();
        context.Request.Headers["x-functions-key"] = "";
        context.Request.QueryString = new QueryString($"?{name}={TestStack.ObserverKey}");

        Assert.Equal(Audience.Observer, audiences.Of(context.Request));

        context.Request.Headers["x-functions-key"] = TestStack.OrganiserKey;
        Assert.Equal(Audience.Organiser, audiences.Of(context.Request));
    }

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex RouteValue();
}
