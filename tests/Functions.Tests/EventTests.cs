using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

public sealed class EventTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task Put_creates_then_updates_and_get_shows_seats()
    {
        var id = "forum-" + Guid.NewGuid().ToString("N")[..8];
        var created = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum(capacity: 40));
        var updated = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum(capacity: 45));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var shown = await stack.EventAsync(id);
        Assert.Equal(45, shown.GetProperty("capacity").GetInt32());
        Assert.Equal(45, shown.GetProperty("seatsLeft").GetInt32());
        Assert.Equal(0, shown.GetProperty("confirmed").GetInt32());
        Assert.True(shown.GetProperty("registration").GetProperty("isOpen").GetBoolean());
        Assert.Equal("Europe/Vienna", shown.GetProperty("timeZone").GetString());
        // Shown at the event's own offset: Vienna in February is UTC+1.
        Assert.EndsWith("+01:00", shown.GetProperty("startsAt").GetString());
    }

    [Fact]
    public async Task Title_comes_in_the_requested_language_falling_back_to_english()
    {
        var id = await stack.CreateEventAsync();

        var german = await stack.Client.GetFromJsonAsync<JsonElement>($"/api/events/{id}?lang=de");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events/{id}");
        request.Headers.Add("Accept-Language", "fr-FR, cs;q=0.8, en;q=0.5");
        var czech = await (await stack.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var polish = await stack.Client.GetFromJsonAsync<JsonElement>($"/api/events/{id}?lang=pl");

        Assert.Equal("Austauschforum Linz", german.GetProperty("title").GetString());
        Assert.Equal("Výměnné fórum Linec", czech.GetProperty("title").GetString());
        Assert.Equal("Exchange forum Linz", polish.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_event_known_only_by_month_has_no_times()
    {
        var body = Api.Forum();
        body.Remove("startsAt");
        body.Remove("endsAt");
        body["month"] = "2027-04";

        var id = await stack.CreateEventAsync(body);

        var shown = await stack.EventAsync(id);
        Assert.Equal("2027-04", shown.GetProperty("month").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("startsAt").ValueKind);
    }

    [Fact]
    public async Task List_is_ordered_by_start_and_filters_by_sector_and_type()
    {
        var later = await stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(90)));
        var sooner = await stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(60)));
        var training = Api.Forum(startsAt: TestStack.Start.AddDays(70));
        training["type"] = "training";
        training["sectors"] = new JsonArray("food");
        var trainingId = await stack.CreateEventAsync(training);

        var all = await stack.Client.GetFromJsonAsync<JsonElement>("/api/events");
        var food = await stack.Client.GetFromJsonAsync<JsonElement>("/api/events?sector=food");
        var forums = await stack.Client.GetFromJsonAsync<JsonElement>("/api/events?type=exchangeForum");

        var ids = all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(sooner) < ids.IndexOf(trainingId) && ids.IndexOf(trainingId) < ids.IndexOf(later));
        Assert.Equal([trainingId], food.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.DoesNotContain(trainingId, forums.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Bad_filters_are_a_validation_problem()
    {
        var response = await stack.Client.GetAsync("/api/events?sector=mining&from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("sector", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task Unknown_event_is_a_404_problem()
    {
        var response = await stack.Client.GetAsync("/api/events/no-such-event");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Put_reports_every_bad_field_and_stores_nothing()
    {
        var id = "forum-" + Guid.NewGuid().ToString("N")[..8];
        var body = Api.Forum();
        body["type"] = "party";
        body["country"] = "XX";
        body["timeZone"] = "Mars/Olympus";
        body["capacity"] = -1;
        body["reminders"] = new JsonArray("P1M");

        var response = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "type", "country", "timeZone", "capacity", "reminders" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetAsync($"/api/events/{id}")).StatusCode);
    }

    [Fact]
    public async Task Put_of_a_wrongly_typed_value_is_a_400_not_a_500()
    {
        var response = await stack.Organiser.PutAsync("/api/manage/events/forum-typed",
            new StringContent("""{"capacity":"many"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Put_needs_the_organiser_key()
    {
        var response = await stack.Client.PutAsJsonAsync("/api/manage/events/forum-nokey", Api.Forum());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetAsync("/api/events/forum-nokey")).StatusCode);
    }

    [Fact]
    public async Task Import_saves_the_shipped_programme()
    {
        var programme = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "data", "programme.json")))!;

        var response = await stack.Organiser.PostAsJsonAsync("/api/manage/programme", programme);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.True(i.GetProperty("status").GetString() is "created" or "updated", i.ToString()));
        var linz = await stack.EventAsync("forum-linz-2012");
        Assert.Equal("2012-02-21T09:00:00+01:00", linz.GetProperty("startsAt").GetString());
        Assert.Equal(["health", "energyEnvironment"], linz.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()));
    }
}
