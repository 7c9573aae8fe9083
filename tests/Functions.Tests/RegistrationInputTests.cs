using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>Malformed bodies get a problem answer and change nothing.</summary>
public sealed class RegistrationInputTests(TestStack stack) : IClassFixture<TestStack>
{
    public static TheoryData<string> MalformedJson() => new(
        "{",
        "[]",
        "\"just a string\"",
        "null",
        new string('[', 200) + new string(']', 200),
        """{"firstName": {"nested": {"deeper": [1,2,3]}}}""",
        """{"email": ["a@example.org"], "consent": "true"}""",
        """{"sectors": "ict"}""");

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Malformed_json_is_a_400_problem_and_stores_nothing(string body)
    {
        var eventId = await stack.CreateEventAsync();

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400()
    {
        var eventId = await stack.CreateEventAsync();
        var bytes = Encoding.UTF8.GetBytes(Api.Person("utf8@example.org").ToJsonString()).Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_content_type_is_415()
    {
        var eventId = await stack.CreateEventAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/events/..%2F..%2Fetc/registrations")]
    [InlineData("/api/events/UPPER/registrations")]
    [InlineData("/api/events/x'%20or%20'1'%20eq%20'1/registrations")]
    public async Task Odd_event_ids_are_404_not_500(string path)
    {
        var response = await stack.Client.PostAsync(path, new StringContent(Api.Person("odd@example.org").ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
