using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

public sealed class PersonalDataTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task PurgePersonalData_anonymises_registrations_a_year_after_their_event_and_keeps_the_rest()
    {
        // A year on: a stack of its own, or every later test of the class would find registration closed.
        await using var own = await TestStack.StartOwnAsync();
        var past = await own.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(25)));
        var email = $"purge-{past}@example.org";
        var registration = await own.RegisteredAsync(past, Api.Person(email));
        own.Time.Advance(TimeSpan.FromDays(25 + 2 + 365));
        var future = await own.CreateEventAsync(Api.Forum(startsAt: own.Time.GetUtcNow().AddDays(30)) is var body
            ? SetWindow(body, own.Time.GetUtcNow()) : null);
        var keeper = await own.RegisteredAsync(future, Api.Person($"keep-{future}@example.org"));

        var run = await own.Organiser.PostAsync("/admin/functions/PurgePersonalData?wait=true", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var purged = Assert.Single(await own.AllRegistrationsAsync(past));
        Assert.Equal("", purged.GetProperty("email").GetString());
        Assert.Equal("", purged.GetProperty("lastName").GetString());
        Assert.NotEqual(JsonValueKind.Null, purged.GetProperty("anonymisedAt").ValueKind);
        Assert.Equal("CZ", purged.GetProperty("country").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await own.Client.GetRegistrationAsync(registration)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.Client.GetRegistrationAsync(keeper)).StatusCode);
    }

    [Fact]
    public async Task Erasure_takes_the_address_in_a_JSON_body_and_needs_the_organiser_key()
    {
        const string route = "/api/manage/people/erasure";
        Assert.Equal(HttpStatusCode.BadRequest, (await stack.Organiser.PostAsJsonAsync(route, new { email = "nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await stack.Organiser.PostAsJsonAsync(route, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await stack.Organiser.PostAsJsonAsync(route, new { email = 42 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await stack.Organiser.PostAsync(route, new StringContent("{\"email\":", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var form = await stack.Organiser.PostAsync(route, new FormUrlEncodedContent([new("email", "a@example.org")]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal("application/problem+json", form.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Client.PostAsJsonAsync(route, new { email = "a@example.org" })).StatusCode);
        // The old route, with the address in its URL, is gone.
        Assert.NotEqual(HttpStatusCode.OK, (await stack.Organiser.DeleteAsync("/api/manage/people?email=a@example.org")).StatusCode);
        var answer = await stack.Organiser.PostAsJsonAsync(route, new { email = "nobody-at-all@example.org" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var erased = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased");
        foreach (var count in new[] { "registrations", "cancelled", "pendingEmails", "reminders", "clusterContacts" })
        {
            Assert.Equal(0, erased.GetProperty(count).GetInt32());
        }
    }

    [Fact]
    public async Task Consent_is_recorded_with_its_time_and_text_version()
    {
        var eventId = await stack.CreateEventAsync();
        await stack.RegisteredAsync(eventId, Api.Person($"consent-{eventId}@example.org"));

        var row = Assert.Single(await stack.AllRegistrationsAsync(eventId));

        Assert.Equal(stack.Time.GetUtcNow(), row.GetProperty("consentedAt").GetDateTimeOffset());
        Assert.False(string.IsNullOrEmpty(row.GetProperty("consentTextVersion").GetString()));
    }

    private static System.Text.Json.Nodes.JsonObject SetWindow(System.Text.Json.Nodes.JsonObject body, DateTimeOffset now)
    {
        body["registration"] = new System.Text.Json.Nodes.JsonObject
        {
            ["opensAt"] = now.AddDays(-1).ToString("o"),
            ["closesAt"] = now.AddDays(20).ToString("o"),
        };
        return body;
    }
}
