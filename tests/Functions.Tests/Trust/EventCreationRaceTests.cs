using System.Net;
using System.Net.Http.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>Concurrent PUTs of one new event: storage decides which one created it.</summary>
public sealed class EventCreationRaceTests(TestStack stack) : IClassFixture<TestStack>
{
    [Fact]
    public async Task Ten_parallel_puts_creating_one_event_answer_201_exactly_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var id = "race-" + Guid.NewGuid().ToString("N")[..8];
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum())));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            var again = await stack.Organiser.PutAsJsonAsync($"/api/manage/events/{id}", Api.Forum(capacity: 60));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }
}
