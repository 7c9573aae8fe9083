using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Changes of one event at once (PUTs, imports, a cancellation), in one instance and across two: each is decided
/// on the event as stored, so the last one answered 200 is the one kept, a cancellation keeps a change saved
/// before it, the stored event's capacity is the seats', and none answers 500.
/// </summary>
public sealed class EventChangeRaceTests
{
    [Fact]
    public async Task An_update_that_read_the_event_before_another_save_decides_again_on_the_event_as_saved()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var store = stack.Services.GetRequiredService<TableEventStore>();
        var seen = new List<EventStatus>();

        var result = await store.UpdateAsync<string>(eventId, async current =>
        {
            seen.Add(current!.Status);
            if (seen.Count == 1)
            {
                // Another instance cancels the event between this read and this save.
                await store.UpdateAsync<bool>(eventId, other => Task.FromResult(
                    new EventChange<bool>(true, other! with { Status = EventStatus.Cancelled, Sequence = 1 })), CancellationToken.None);
            }
            return current.Status == EventStatus.Cancelled ? new("left alone", null) : new("saved", current with { Venue = "Design Center" });
        }, CancellationToken.None);

        Assert.Equal("left alone", result);
        Assert.Equal([EventStatus.Published, EventStatus.Cancelled], seen);
        var stored = (await store.GetAsync(eventId, CancellationToken.None))!;
        Assert.Equal((EventStatus.Cancelled, 1), (stored.Status, stored.Sequence));
        Assert.NotEqual("Design Center", stored.Venue);
    }

    [Fact]
    public async Task A_burst_of_changes_in_one_instance_all_land_one_after_another()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 10));

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            stack.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Api.Forum(capacity: 12 + i % 3))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(await SeatsCapacityAsync(stack, eventId), await StoredCapacityAsync(stack, eventId));
    }

    [Fact]
    public async Task Concurrent_changes_over_two_instances_keep_the_event_and_its_seats_at_one_capacity()
    {
        await using var instances = await CancelledEventSeatsTests.TwoInstances.StartAsync();
        TestStack[] hosts = [instances.Reading, instances.Cancelling];
        // The seats writers back off after a conflict on the app's clock: let it run.
        await using var flowing0 = hosts[0].Time.Flowing(TimeSpan.FromMilliseconds(10));
        await using var flowing1 = hosts[1].Time.Flowing(TimeSpan.FromMilliseconds(10));
        var eventId = await hosts[0].CreateEventAsync(Api.Forum(capacity: 10));

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            hosts[i % 2].Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Api.Forum(capacity: 12 + i % 3))));

        // Every answer a 200, or a 503 for a change that kept losing to others on the other instance (it may be sent again).
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, a.StatusCode.ToString()));
        if (answers.All(a => a.StatusCode == HttpStatusCode.OK))
        {
            Assert.Equal(await SeatsCapacityAsync(hosts[0], eventId), await StoredCapacityAsync(hosts[0], eventId));
        }
    }

    [Fact]
    public async Task A_cancellation_by_an_instance_that_read_the_event_before_a_change_keeps_the_change()
    {
        await using var instances = await CancelledEventSeatsTests.TwoInstances.StartAsync();
        var (changing, cancelling) = (instances.Reading, instances.Cancelling);
        // Created through the cancelling instance, whose cache then holds it (its clock does not move).
        var eventId = await cancelling.CreateEventAsync(Api.Forum(capacity: 10));
        var changed = Api.Forum(capacity: 15);
        changed["venue"] = "Design Center";
        Assert.Equal(HttpStatusCode.OK, (await changing.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", changed)).StatusCode);

        var cancel = await cancelling.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var answered = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("cancelled", "Design Center", 15), (answered.GetProperty("status").GetString(), answered.GetProperty("venue").GetString(), answered.GetProperty("capacity").GetInt32()));
        var stored = (await cancelling.Services.GetRequiredService<TableEventStore>().GetAsync(eventId, CancellationToken.None))!;
        // The change moved the event (sequence 1); the cancellation comes after it (2).
        Assert.Equal((EventStatus.Cancelled, "Design Center", 15, 2), (stored.Status, stored.Venue, stored.Capacity, stored.Sequence));
    }

    [Fact]
    public async Task A_cancellation_racing_changes_on_another_instance_keeps_each_change_it_answered_and_ends_cancelled()
    {
        await using var instances = await CancelledEventSeatsTests.TwoInstances.StartAsync();
        var (changing, cancelling) = (instances.Reading, instances.Cancelling);
        await using var flowing0 = changing.Time.Flowing(TimeSpan.FromMilliseconds(10));
        await using var flowing1 = cancelling.Time.Flowing(TimeSpan.FromMilliseconds(10));
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await cancelling.CreateEventAsync(Api.Forum(capacity: 10)));
        }

        var races = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var changed = Api.Forum(capacity: 15);
            changed["venue"] = "Design Center";
            var put = changing.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", changed);
            var cancel = cancelling.Organiser.PostAsync($"/api/manage/events/{id}/cancel", null);
            return (Id: id, Put: await put, Cancel: await cancel);
        }));

        foreach (var (id, put, cancel) in races)
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.True(put.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, put.StatusCode.ToString());
            var stored = (await cancelling.Services.GetRequiredService<TableEventStore>().GetAsync(id, CancellationToken.None))!;
            Assert.Equal(EventStatus.Cancelled, stored.Status);
            // A change answered 200 was saved before the cancellation, which kept it; one refused changed nothing it shows.
            Assert.Equal(put.StatusCode == HttpStatusCode.OK, stored.Venue == "Design Center");
            Assert.Equal(await SeatsCapacityAsync(cancelling, id), stored.Capacity);
        }
    }

    /// <summary>As stored: an instance's cache may hold its own last save for a few seconds after another's.</summary>
    private static async Task<int> StoredCapacityAsync(TestStack stack, string eventId)
        => (await stack.Services.GetRequiredService<TableEventStore>().GetAsync(eventId, CancellationToken.None))!.Capacity;

    private static async Task<int> SeatsCapacityAsync(TestStack stack, string eventId)
        => (await stack.Services.GetRequiredService<Domain.Registrations.IRegistrationStore>().GetCapacityAsync(eventId, CancellationToken.None))!.Capacity;
}
