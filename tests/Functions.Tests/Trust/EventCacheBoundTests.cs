using System.Net;
using ClustersCord.Domain.Programme;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>The event cache holds what exists, for a few seconds, and never more than its bound.</summary>
public sealed class EventCacheBoundTests(TestStack stack) : IClassFixture<TestStack>
{
    private CachedEventStore Cache => (CachedEventStore)stack.Services.GetRequiredService<IEventStore>();

    [Fact]
    public async Task A_crawler_asking_for_many_unknown_ids_grows_nothing()
    {
        var before = Cache.Count;
        for (var batch = 0; batch < 10; batch++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                stack.Client.GetAsync($"/api/events/crawled-{batch}-{i}-{Guid.NewGuid():N}"[..40])));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        }
        // Registrations for unknown events read the cache too.
        var registering = await stack.RegisterAsync("crawled-register-" + Guid.NewGuid().ToString("N")[..8], Api.Person("crawler@example.org"));
        Assert.Equal(HttpStatusCode.NotFound, registering.StatusCode);

        Assert.True(Cache.Count <= before, $"The cache grew from {before} to {Cache.Count} on unknown ids.");
    }

    [Fact]
    public async Task Known_events_are_kept_within_the_bound_and_expire()
    {
        // Moves the clock: a stack of its own.
        await using var own = await TestStack.StartOwnAsync();
        var cache = (CachedEventStore)own.Services.GetRequiredService<IEventStore>();
        var eventId = await own.CreateEventAsync();
        Assert.Equal(HttpStatusCode.OK, (await own.Client.GetAsync($"/api/events/{eventId}")).StatusCode);
        Assert.True(cache.Count is > 0 and <= CachedEventStore.MaxEvents);

        own.Time.Advance(TimeSpan.FromMinutes(1));
        // A look-up starts the cache's scan for expired entries, which runs on a thread of its own (MemoryCache).
        await cache.GetAsync("no-such-event-at-all", CancellationToken.None);
        await Eventually.TrueAsync(() => cache.Count == 0, "the expired event is dropped by the scan the look-up started", TimeSpan.FromSeconds(10));
    }
}
