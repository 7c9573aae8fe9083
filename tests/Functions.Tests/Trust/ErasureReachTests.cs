using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// Erasure and the retention purge leave nothing of a person: read back raw from every table and blob
/// of the stack, and through what organisers and the public see. A stack per test: they move its clock.
/// </summary>
public sealed class ErasureReachTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_person_in_storage_the_organiser_list_the_CSV_or_the_catalogue()
    {
        var person = PersonMarkers.New();
        var open = await _stack.CreateEventAsync(Api.Forum(capacity: 10));
        var again = await _stack.CreateEventAsync(Api.Forum(capacity: 10));
        var full = await _stack.CreateEventAsync(Api.Forum(capacity: 1));
        await _stack.RegisteredAsync(full, Api.Person($"seat-{Guid.NewGuid():N}@example.org"));

        // Confirmed, with its confirmation email failing, so that an email is still owed to the person.
        _stack.SinkFaults.FailRandomly(1.0, seed: 7);
        await _stack.RegisteredAsync(open, person.Form());
        _stack.SinkFaults.Reset();
        // Cancelled by an organiser, then registered again; and waitlisted.
        var first = await _stack.RegisteredAsync(again, person.Form());
        Assert.True((await _stack.Organiser.DeleteAsync($"/api/manage/events/{again}/registrations/{first.GetProperty("id").GetString()}")).IsSuccessStatusCode);
        await _stack.RegisteredAsync(again, person.Form());
        await _stack.RegisteredAsync(full, person.Form());
        // The same person as a cluster's contact, approved (public) and pending, with the address spelt otherwise.
        var approved = await SubmitClusterAsync(person, person.Email.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{approved}/approve", null)).StatusCode);
        await SubmitClusterAsync(person, person.Email.ToUpperInvariant());
        Assert.NotEmpty(person.FoundIn(await _stack.Client.GetStringAsync($"/api/clusters/{approved}")));
        // An invitation to a closed event, bound to the person's address.
        var invitedForum = Api.Forum(capacity: 10);
        invitedForum["audience"] = "invited";
        var closed = await _stack.CreateEventAsync(invitedForum);
        Assert.Equal(HttpStatusCode.Created, (await _stack.Organiser.PostAsJsonAsync($"/api/manage/events/{closed}/invitations", new { email = person.Email })).StatusCode);
        // A reminder refused by the provider: its record keeps a reason.
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5));
        _stack.SinkFaults.Enqueue(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);
        Assert.NotEmpty(await person.FindInStorageAsync(_stack));

        var response = await _stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = " " + person.Email.ToUpperInvariant() + " " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var erased = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased");
        Assert.Equal(4, erased.GetProperty("registrations").GetInt32());
        Assert.Equal(3, erased.GetProperty("cancelled").GetInt32());
        Assert.Equal(2, erased.GetProperty("clusterContacts").GetInt32());
        Assert.Equal(1, erased.GetProperty("invitations").GetInt32());
        Assert.True(erased.GetProperty("pendingEmails").GetInt32() >= 1, erased.ToString());
        Assert.True(erased.GetProperty("reminders").GetInt32() >= 1, erased.ToString());
        Assert.Empty(await person.FindInStorageAsync(_stack));
        foreach (var eventId in new[] { open, again, full })
        {
            Assert.Empty(person.FoundIn(JsonSerializer.Serialize(await _stack.AllRegistrationsAsync(eventId))));
            Assert.Empty(person.FoundIn(await _stack.Organiser.GetStringAsync($"/api/manage/events/{eventId}/registrations.csv")));
            Assert.Empty(person.FoundIn(await _stack.Organiser.GetStringAsync($"/api/manage/events/{eventId}/reminders")));
        }
        // The catalogue's cached copy is not served any more, to the public or to organisers.
        Assert.Empty(person.FoundIn(await _stack.Client.GetStringAsync($"/api/clusters/{approved}")));
        Assert.Empty(person.FoundIn(await _stack.Client.GetStringAsync("/api/clusters")));
        foreach (var status in new[] { "approved", "pending" })
        {
            Assert.Empty(person.FoundIn(await _stack.Organiser.GetStringAsync($"/api/manage/clusters?status={status}")));
        }
        // The seats went to others, and the erased one is not emailed again.
        Assert.Equal(0, (await _stack.EventAsync(open)).GetProperty("confirmed").GetInt32());
        var before = (await _stack.OutboxRequestsAsync()).Count;
        _stack.Time.Advance(TimeSpan.FromHours(1));
        await _stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null);
        Assert.DoesNotContain((await _stack.OutboxRequestsAsync()).Skip(before), r => person.FoundIn(r.ToString()).Count > 0);
    }

    [Fact]
    public async Task The_retention_purge_leaves_no_trace_of_anyone_at_an_event_long_past()
    {
        var confirmed = PersonMarkers.New();
        var cancelled = PersonMarkers.New();
        var eventId = await _stack.CreateEventAsync(Api.Forum(capacity: 10, startsAt: TestStack.Start.AddDays(25)));
        _stack.SinkFaults.FailRandomly(1.0, seed: 3);
        await _stack.RegisteredAsync(eventId, confirmed.Form());
        _stack.SinkFaults.Reset();
        var gone = await _stack.RegisteredAsync(eventId, cancelled.Form());
        Assert.True((await _stack.Organiser.DeleteAsync($"/api/manage/events/{eventId}/registrations/{gone.GetProperty("id").GetString()}")).IsSuccessStatusCode);
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(18.5));
        _stack.SinkFaults.Enqueue(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);
        Assert.NotEmpty(await confirmed.FindInStorageAsync(_stack));
        Assert.NotEmpty(await cancelled.FindInStorageAsync(_stack));

        _stack.Time.SetUtcNow(TestStack.Start.AddDays(25 + 2 + 366));
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/PurgePersonalData?wait=true", null)).StatusCode);

        foreach (var person in new[] { confirmed, cancelled })
        {
            Assert.Empty(await person.FindInStorageAsync(_stack));
            Assert.Empty(person.FoundIn(JsonSerializer.Serialize(await _stack.AllRegistrationsAsync(eventId))));
            Assert.Empty(person.FoundIn(await _stack.Organiser.GetStringAsync($"/api/manage/events/{eventId}/registrations.csv")));
        }
        // What statistics need stays.
        var rows = await _stack.AllRegistrationsAsync(eventId);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal("CZ", row.GetProperty("country").GetString()));
        Assert.All(rows, row => Assert.NotEqual(JsonValueKind.Null, row.GetProperty("anonymisedAt").ValueKind));
    }

    private async Task<string> SubmitClusterAsync(PersonMarkers person, string contactEmail)
    {
        var response = await _stack.Client.PostAsJsonAsync("/api/clusters", new JsonObject
        {
            ["name"] = "Erasure Cluster " + Guid.NewGuid().ToString("N")[..6],
            ["country"] = "CZ",
            ["city"] = "Brno",
            ["description"] = "A cluster organisation.",
            ["sectors"] = new JsonArray("ict"),
            ["memberCount"] = 40,
            ["memberTypes"] = new JsonArray("companies", "research"),
            ["managementFte"] = 2.5,
            ["contact"] = new JsonObject { ["name"] = person.ContactName, ["email"] = contactEmail },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
