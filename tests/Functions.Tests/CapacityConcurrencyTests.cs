using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>A forum opening: hundreds register at once. No overbooking, dense waiting list, one email each.</summary>
[Trait("Category", "Slow")]
public sealed class CapacityConcurrencyTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task Three_hundred_at_once_for_fifty_seats_end_with_fifty_confirmed_and_a_dense_waiting_list()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
        var emails = Enumerable.Range(0, 300).Select(i => $"burst{i}-{eventId}@example.org").ToArray();

        var responses = await Task.WhenAll(emails.Select(e => stack.RegisterAsync(eventId, Api.Person(e))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(50, answers.Count(a => a.GetProperty("status").GetString() == "confirmed"));
        var positions = answers.Where(a => a.GetProperty("status").GetString() == "waitlisted")
            .Select(a => a.GetProperty("waitlistPosition").GetInt32()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 250), positions);

        var rows = await stack.AllRegistrationsAsync(eventId);
        var seats = await stack.EventAsync(eventId);
        Assert.Equal(300, rows.Count);
        Assert.Equal(50, rows.Count(r => r.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(seats.GetProperty("confirmed").GetInt32(), rows.Count(r => r.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(seats.GetProperty("waitlisted").GetInt32(), rows.Count(r => r.GetProperty("status").GetString() == "waitlisted"));
        Assert.Equal(0, seats.GetProperty("seatsLeft").GetInt32());

        // Exactly one email per person: a confirmation or a waiting-list notice.
        var recipients = (await stack.OutboxRequestsAsync())
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString())
            .Where(e => e!.EndsWith($"-{eventId}@example.org", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(emails.Order(), recipients.Order());
    }

    [Fact]
    public async Task Twenty_cancellations_at_once_never_put_more_than_capacity_into_confirmed()
    {
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 10));
        var registered = new List<JsonElement>();
        foreach (var batch in Enumerable.Range(0, 40).Chunk(10))
        {
            registered.AddRange(await Task.WhenAll(batch.Select(i => stack.RegisteredAsync(eventId, Api.Person($"c{i}-{eventId}@example.org")))));
        }
        // Ten confirmed and ten waiting leave at once, so seats free up while the list they come from shrinks.
        var leaving = registered.Where(r => r.GetProperty("status").GetString() == "confirmed").Take(10)
            .Concat(registered.Where(r => r.GetProperty("status").GetString() == "waitlisted").Take(10)).ToArray();

        var responses = await Task.WhenAll(leaving.Select(r => stack.Client.CancelRegistrationAsync(r)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        var rows = await stack.AllRegistrationsAsync(eventId);
        var seats = await stack.EventAsync(eventId);
        var confirmed = rows.Count(r => r.GetProperty("status").GetString() == "confirmed");
        var waitlisted = rows.Count(r => r.GetProperty("status").GetString() == "waitlisted");
        Assert.Equal(10, confirmed);
        Assert.Equal(10, waitlisted);
        Assert.Equal(20, rows.Count(r => r.GetProperty("status").GetString() == "cancelled"));
        Assert.Equal((confirmed, waitlisted), (seats.GetProperty("confirmed").GetInt32(), seats.GetProperty("waitlisted").GetInt32()));
        // Those still waiting hold places 1..10, in the order they registered.
        var stillWaiting = rows.Where(r => r.GetProperty("status").GetString() == "waitlisted").ToArray();
        var places = await Task.WhenAll(stillWaiting.Select(async r =>
        {
            var original = registered.Single(x => x.GetProperty("id").GetString() == r.GetProperty("id").GetString());
            return (await stack.Client.RegistrantAsync(original)).GetProperty("waitlistPosition").GetInt32();
        }));
        Assert.Equal(Enumerable.Range(1, 10), places.Order());
    }
}
