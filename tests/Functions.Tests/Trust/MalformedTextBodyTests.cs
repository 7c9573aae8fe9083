using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// Bodies that are UTF-8 on the wire but not text once decoded (a JSON lone surrogate, a form's %FF): a 400
/// problem on every route that takes a body, never a 500, and nothing stored.
/// </summary>
public sealed partial class MalformedTextBodyTests(TestStack stack) : IClassFixture<TestStack>
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);

    public static TheoryData<string> LoneSurrogates => new()
    {
        """{"firstName":"\ud800x"}""",
        """{"firstName":"x\udc00"}""",
        """{"\ud800":"x"}""",
        """{"title":{"en":"\udbff"},"items":["\ud800"],"events":[{"id":"\ud800"}],"clusters":[{"id":"a","name":"\udfff"}]}""",
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_in_JSON_is_a_400_on_every_route_that_takes_a_body(string json)
    {
        var eventId = await stack.CreateEventAsync();
        var routes = Catalog.Http.SelectMany(f => f.Methods.Where(m => m is "POST" or "PUT" or "DELETE").Select(m => (Function: f, Method: m))).ToArray();
        Assert.True(routes.Length > 10);
        foreach (var (function, method) in routes)
        {
            var path = "/api/" + RouteValue().Replace(function.Route, m => m.Groups[1].Value == "eventId" ? eventId : "a1b2c3");
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            var response = await (function.NeedsKey || function.IsOrganisers ? stack.Organiser : stack.Client).SendAsync(request);
            var name = $"{method} {function.Name}";
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            // A route that takes no JSON refuses the media type; a route that reads the body before it
            // looks anything up says 400. Routes that look up an id first may say 404 for "a1b2c3".
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.NotFound,
                $"{name} answered {(int)response.StatusCode}");
        }

        var register = await stack.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/events/{eventId}/registrations")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        Assert.Equal("application/problem+json", register.Content.Headers.ContentType?.MediaType);
        var put = await stack.Organiser.PutAsync($"/api/manage/events/{eventId}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(0, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task A_whole_person_with_a_lone_surrogate_in_one_field_is_refused_and_nothing_is_stored()
    {
        var eventId = await stack.CreateEventAsync();
        var person = Api.Person("surrogate@example.org").ToJsonString().Replace("\"Jana\"", "\"Ja\\ud800na\"", StringComparison.Ordinal);

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations", new StringContent(person, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
    }

    [Theory]
    [InlineData("firstName=%FF%FE")]
    [InlineData("firstName=Jana%C3")]
    [InlineData("firstName=%ED%A0%80")]
    [InlineData("%C0%AF=x")]
    public async Task A_form_with_percent_encoded_bytes_that_are_not_UTF8_is_a_400(string field)
    {
        var eventId = await stack.CreateEventAsync();
        var form = field + "&lastName=Nov%C3%A1kov%C3%A1&email=form-bytes%40example.org&organisation=Acme&country=CZ&role=clusterManager&sectors=ict&language=en&consent=on";

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations",
            new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task A_form_with_good_percent_encoding_still_registers()
    {
        var eventId = await stack.CreateEventAsync();
        var form = "firstName=Ji%C5%99%C3%AD&lastName=Nov%C3%A1k&email=form-good%40example.org&organisation=Acme+Cluster&country=CZ&role=clusterManager&sectors=ict&language=en&consent=on";

        var response = await stack.Client.PostAsync($"/api/events/{eventId}/registrations",
            new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("Jiří", Assert.Single(await stack.AllRegistrationsAsync(eventId)).GetProperty("firstName").GetString());
    }

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex RouteValue();
}
