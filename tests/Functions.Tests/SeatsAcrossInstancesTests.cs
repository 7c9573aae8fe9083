using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Two instances of the app (two DevHosts in this process, each with its own partition writer, caches and
/// remembered seats) over one Azurite and the same tables: what keeps them from overbooking is the seats
/// record's ETag alone. Without it this test confirms more people than there are seats.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SeatsAcrossInstancesTests : IAsyncLifetime
{
    private const int Seats = 50;
    private const int People = 300;
    private static readonly string Prefix = TestStack.NewNamePrefix();
    private readonly TestStack[] _hosts = [new() { NamePrefix = Prefix, OwnClock = true }, new() { NamePrefix = Prefix, OwnClock = true }];

    public async Task InitializeAsync()
    {
        // One after the other: both create the same tables and containers on start.
        foreach (var host in _hosts)
        {
            await host.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_hundred_for_fifty_seats_over_two_instances_confirm_fifty_then_racing_cancellations_promote_exactly()
    {
        // The writers back off after a conflict and keep deadlines on the app's clock: let it run.
        await using var flowing0 = _hosts[0].Time.Flowing(TimeSpan.FromMilliseconds(10));
        await using var flowing1 = _hosts[1].Time.Flowing(TimeSpan.FromMilliseconds(10));
        var eventId = await _hosts[0].CreateEventAsync(Api.Forum(capacity: Seats));
        // Both instances have read the event and (for the second) remembered its seats before the burst.
        Assert.Equal(Seats, (await _hosts[1].EventAsync(eventId)).GetProperty("seatsLeft").GetInt32());

        var emails = Enumerable.Range(0, People).Select(i => $"two-{i}-{eventId}@example.org").ToArray();
        var burst = await Task.WhenAll(emails.Select((email, i) => RegisterAsync(Host(i), eventId, email)));

        // Every answer a 201 (a 503 was retried; a retry that finds the work done answers 200).
        var answers = burst.Where(a => a.Answer is not null).Select(a => a.Answer!.Value).ToList();
        Assert.Equal(People, answers.Count + burst.Count(a => a.Answer is null));
        Assert.Equal(Seats, answers.Count(a => Status(a) == "confirmed"));
        var positions = answers.Where(a => Status(a) == "waitlisted").Select(a => a.GetProperty("waitlistPosition").GetInt32()).Order().ToList();
        Assert.Equal(positions.Distinct().Count(), positions.Count);
        Assert.All(positions, p => Assert.InRange(p, 1, People - Seats));
        var rows = await AssertSeatsAgreeWithRowsAsync(eventId, confirmed: Seats, waitlisted: People - Seats, cancelled: 0);
        Assert.Equal(emails.Order(), rows.Select(r => r.GetProperty("email").GetString()!).Order());
        if (burst.All(a => a.Answer is not null))
        {
            Assert.Equal(Enumerable.Range(1, People - Seats), positions);
        }

        // Racing on both instances: 20 confirmed and 20 of the first 40 waiting leave, while 20 more register.
        var waitingBefore = rows.Where(r => Status(r) == "waitlisted").OrderBy(Ticket).Select(Id).ToList();
        var leavingConfirmed = answers.Where(a => Status(a) == "confirmed").Take(20).ToList();
        var leavingWaiting = answers.Where(a => Status(a) == "waitlisted" && a.GetProperty("waitlistPosition").GetInt32() <= 40)
            .Where((_, i) => i % 2 == 0).Take(20).ToList();
        Assert.Equal(20, leavingWaiting.Count);
        var leaving = leavingConfirmed.Concat(leavingWaiting).ToList();
        var latecomers = Enumerable.Range(0, 20).Select(i => $"late-{i}-{eventId}@example.org").ToArray();
        var registering = latecomers.Select((email, i) => RegisterAsync(Host(i), eventId, email)).ToArray();
        var cancelling = leaving.Select((r, i) => CancelAsync(Host(i + 1), r)).ToArray(); // through either instance
        await Task.WhenAll(cancelling);
        var late = await Task.WhenAll(registering);

        Assert.All(late.Where(a => a.Answer is not null), a => Assert.Equal("waitlisted", Status(a.Answer!.Value)));
        var after = await AssertSeatsAgreeWithRowsAsync(eventId, confirmed: Seats, waitlisted: People - Seats - 40 + 20, cancelled: 40);
        var status = after.ToDictionary(Id, Status);
        // The 20 freed seats went to the first 20 still waiting, in their order; the rest wait, in theirs.
        var leftIds = leaving.Select(Id).ToHashSet();
        var stillWaiting = waitingBefore.Where(id => !leftIds.Contains(id)).ToList();
        Assert.All(stillWaiting.Take(20), id => Assert.Equal("confirmed", status[id]));
        Assert.All(stillWaiting.Skip(20), id => Assert.Equal("waitlisted", status[id]));
        var waitingNow = after.Where(r => Status(r) == "waitlisted").OrderBy(Ticket).Select(Id).ToList();
        Assert.Equal(stillWaiting.Skip(20), waitingNow.Take(stillWaiting.Count - 20));

        // What each waiting registrant sees, asked on either instance: places 1..N, in ticket order.
        var links = answers.Concat(late.Where(a => a.Answer is not null).Select(a => a.Answer!.Value)).ToDictionary(Id);
        var seen = await Task.WhenAll(waitingNow.Where(links.ContainsKey).Select(async (id, i) =>
            (Id: id, Place: (await Host(i).Client.RegistrantAsync(links[id])).GetProperty("waitlistPosition").GetInt32())));
        if (seen.Length == waitingNow.Count)
        {
            Assert.Equal(Enumerable.Range(1, waitingNow.Count), seen.Select(s => s.Place));
        }
        else
        {
            Assert.Equal(seen.OrderBy(s => s.Place).Select(s => s.Id), seen.Select(s => s.Id));
        }
    }

    private TestStack Host(int i) => _hosts[i % _hosts.Length];

    /// <summary>The registration's answer; null when a retry found it already made (a 200 that says no more).</summary>
    private static async Task<(string Email, JsonElement? Answer)> RegisterAsync(TestStack host, string eventId, string email)
    {
        var outcome = await Retrying.SendAsync(() => host.RegisterAsync(eventId, Api.Person(email)));
        var response = outcome.Response;
        if (outcome.Refusals > 0 && response.StatusCode == HttpStatusCode.OK)
        {
            return (email, null);
        }
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (email, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task CancelAsync(TestStack host, JsonElement registration)
    {
        var outcome = await Retrying.SendAsync(() => host.Client.CancelRegistrationAsync(registration));
        Assert.True(outcome.Response.StatusCode == HttpStatusCode.NoContent || (outcome.Refusals > 0 && outcome.Response.StatusCode == HttpStatusCode.NotFound),
            $"{(int)outcome.Response.StatusCode}: {await outcome.Response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The rows, after checking them against the seats record as both instances report it.</summary>
    private async Task<List<JsonElement>> AssertSeatsAgreeWithRowsAsync(string eventId, int confirmed, int waitlisted, int cancelled)
    {
        var rows = await _hosts[0].AllRegistrationsAsync(eventId);
        Assert.Equal(
            (confirmed, waitlisted, cancelled),
            (rows.Count(r => Status(r) == "confirmed"), rows.Count(r => Status(r) == "waitlisted"), rows.Count(r => Status(r) == "cancelled")));
        Assert.Equal(rows.Count, rows.Select(Id).Distinct().Count());
        var tickets = rows.Where(r => Status(r) == "waitlisted").Select(Ticket).ToList();
        Assert.Equal(tickets.Count, tickets.Distinct().Count());
        foreach (var host in _hosts)
        {
            var seats = await host.EventAsync(eventId);
            Assert.Equal((confirmed, waitlisted, Math.Max(0, Seats - confirmed)),
                (seats.GetProperty("confirmed").GetInt32(), seats.GetProperty("waitlisted").GetInt32(), seats.GetProperty("seatsLeft").GetInt32()));
        }
        return rows;
    }

    private static string Status(JsonElement r) => r.GetProperty("status").GetString()!;

    private static string Id(JsonElement r) => r.GetProperty("id").GetString()!;

    private static long Ticket(JsonElement r) => r.GetProperty("waitlistTicket").GetInt64();
}
