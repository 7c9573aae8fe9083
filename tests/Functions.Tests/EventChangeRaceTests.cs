using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

    [Fact]
    public async Task A_change_by_an_instance_that_read_the_event_before_its_meetings_were_scheduled_cannot_drop_them()
    {
        await using var instances = await CancelledEventSeatsTests.TwoInstances.StartAsync();
        var (stale, current) = (instances.Reading, instances.Cancelling);
        var eventId = await current.CreateEventAsync(Api.Forum());
        var read = await stale.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}"); // cached there from now on
        Assert.False(read.TryGetProperty("meetings", out var none) && none.ValueKind != JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.OK, (await current.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Meetings.MeetingForum.Body())).StatusCode);
        var forum = new Meetings.MeetingForum(current, eventId);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        await forum.AcceptedAsync(anna, ben);
        await forum.ScheduledAsync();

        // The stale instance still reads the event without meetings: its change would drop the scheduled one.
        var dropped = await stale.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Api.Forum());

        Assert.Equal(HttpStatusCode.Conflict, dropped.StatusCode);
        Assert.NotNull((await current.Services.GetRequiredService<TableEventStore>().GetAsync(eventId, CancellationToken.None))!.Meetings);
        Assert.Single((await current.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{eventId}/meetings")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_change_whose_caller_leaves_once_the_seats_changed_still_saves_the_event()
    {
        using var leaving = new CancellationTokenSource();
        var armed = false;
        await using var stack = new TestStack
        {
            OwnClock = true,
            // The caller goes away right after the seats changed, before the event is saved.
            ConfigureHost = builder => AfterSetCapacity(builder.Services, () =>
            {
                if (armed)
                {
                    leaving.Cancel();
                }
            }),
        };
        await stack.InitializeAsync();
        var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 1));
        await stack.RegisteredAsync(eventId, Api.Person($"first-{Guid.NewGuid():N}@example.org"));
        await stack.RegisteredAsync(eventId, Api.Person($"waiting-{Guid.NewGuid():N}@example.org"));
        var changed = Api.Forum(capacity: 2);
        changed["venue"] = "Design Center";
        var input = JsonSerializer.Deserialize<EventInput>(changed.ToJsonString(), JsonSerializerOptions.Web)!;
        armed = true;

        var outcome = await stack.Services.GetRequiredService<ProgrammeService>().SaveAsync(eventId, input, leaving.Token);

        Assert.True(leaving.IsCancellationRequested);
        Assert.IsType<SaveEventOutcome.Saved>(outcome);
        var stored = (await stack.Services.GetRequiredService<TableEventStore>().GetAsync(eventId, CancellationToken.None))!;
        Assert.Equal(("Design Center", 2), (stored.Venue, stored.Capacity));
        Assert.Equal(2, await SeatsCapacityAsync(stack, eventId));
    }

    /// <summary>Calls <paramref name="then"/> each time the registrations store has set an event's seats.</summary>
    private static void AfterSetCapacity(IServiceCollection services, Action then)
    {
        services.RemoveAll<Domain.Registrations.IRegistrationStore>();
        services.AddSingleton(sp => Calling<Domain.Registrations.IRegistrationStore>.Create(
            sp.GetRequiredService<TableRegistrationStore>(), nameof(Domain.Registrations.IRegistrationStore.SetCapacityAsync), then));
    }

    /// <summary>Forwards every call to the real port, and runs an action once the named method's task has completed.</summary>
    public class Calling<T> : System.Reflection.DispatchProxy where T : class
    {
        private T _inner = null!;
        private string _method = "";
        private Action _then = null!;

        public static T Create(T inner, string method, Action then)
        {
            var proxy = Create<T, Calling<T>>();
            var calling = (Calling<T>)(object)proxy;
            (calling._inner, calling._method, calling._then) = (inner, method, then);
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(_inner, args);
            if (targetMethod.Name == _method && result is Task task)
            {
                task.ContinueWith(_ => _then(), TaskContinuationOptions.ExecuteSynchronously).Wait();
            }
            return result;
        }
    }

    private static async Task<int> SeatsCapacityAsync(TestStack stack, string eventId)
        => (await stack.Services.GetRequiredService<Domain.Registrations.IRegistrationStore>().GetCapacityAsync(eventId, CancellationToken.None))!.Capacity;
}
