using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>A forum with bilateral meetings and its participants, through the HTTP API.</summary>
public sealed class MeetingForum(TestStack stack, string eventId)
{
    public sealed record Participant(JsonElement Registration, string ParticipantId);

    public string EventId => eventId;

    /// <summary>
    /// The test forum (starting a month after <see cref="TestStack.Start"/>) with two sessions of 2 hours,
    /// 20-minute slots (6 each) and 3 tables.
    /// </summary>
    public static JsonObject Body(int requestsPerPerson = 30)
    {
        var body = Api.Forum();
        var start = TestStack.Start.AddDays(30);
        body["meetings"] = new JsonObject
        {
            ["sessions"] = new JsonArray(
                new JsonObject { ["startsAt"] = start.AddHours(1).ToString("o"), ["endsAt"] = start.AddHours(3).ToString("o") },
                new JsonObject { ["startsAt"] = start.AddHours(24).ToString("o"), ["endsAt"] = start.AddHours(26).ToString("o") }),
            ["slotMinutes"] = 20,
            ["tables"] = 3,
            ["requestsPerPerson"] = requestsPerPerson,
        };
        return body;
    }

    public static async Task<MeetingForum> CreateAsync(TestStack stack, int requestsPerPerson = 30)
        => new(stack, await stack.CreateEventAsync(Body(requestsPerPerson)));

    /// <summary>Registers someone and opts them in for both sessions.</summary>
    public async Task<(Participant Participant, string Email)> JoinAsync(string firstName, string language = "en", int[]? sessions = null,
        string? clusterId = null, string offer = "market access", string? message = null)
    {
        var email = $"m{Guid.NewGuid():N}@example.org";
        var registration = await stack.RegisteredAsync(eventId, Api.Person(email, firstName, language));
        var profile = new JsonObject
        {
            ["clusterId"] = clusterId,
            ["offers"] = new JsonArray(offer),
            ["needs"] = new JsonArray("joint projects"),
            ["sessions"] = new JsonArray((sessions ?? [0, 1]).Select(s => (JsonNode)s).ToArray()),
        };
        var response = await stack.Client.SendAsync(Json(HttpMethod.Put, registration, "/meeting-profile", profile));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var participantId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetString()!;
        Assert.NotEqual(Api.ManageLink(registration).Id, participantId);
        return (new Participant(registration, participantId), email);
    }

    public static HttpRequestMessage Json(HttpMethod method, JsonElement registration, string suffix, JsonNode body)
    {
        var request = Api.ManageRequest(method, registration, suffix);
        request.Content = JsonContent.Create(body);
        return request;
    }

    public Task<HttpResponseMessage> Send(Participant who, HttpMethod method, string suffix)
        => stack.Client.SendAsync(Api.ManageRequest(method, who.Registration, suffix));

    /// <summary>A request from one to the other, accepted.</summary>
    public async Task<string> AcceptedAsync(Participant from, Participant to, string message = "Shall we meet?")
    {
        var created = await RequestAsync(from, to.ParticipantId, message);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var requestId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Send(to, HttpMethod.Post, $"/meeting-requests/{requestId}/accept")).StatusCode);
        return requestId;
    }

    /// <summary>An organiser's scheduler run for the forum, which must succeed.</summary>
    public async Task ScheduledAsync()
    {
        using var run = await stack.Organiser.PostAsync($"/api/manage/events/{eventId}/meetings/schedule", null);
        Assert.True(run.StatusCode == System.Net.HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> RequestAsync(Participant from, string to, string message = "Shall we meet?")
        => stack.Client.SendAsync(Json(HttpMethod.Post, from.Registration, "/meeting-requests", new JsonObject { ["to"] = to, ["message"] = message }));
}
