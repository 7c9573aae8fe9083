using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>/dev/outbox finds a developer's email among thousands: ?to=, ?since=, ?subject= on the page and in JSON.</summary>
public sealed class OutboxFilterTests : IAsyncLifetime
{
    // Each test moves the clock between the emails it sends: a stack of its own.
    private readonly TestStack _stack = new() { OwnClock = true };
    private DateTimeOffset _first;

    public async Task InitializeAsync()
    {
        await _stack.InitializeAsync();
        _stack.Outbox.Clear();
        _first = _stack.Time.GetUtcNow();
        Send("alice@example.org", "Your registration for Forum A");
        _stack.Time.Advance(TimeSpan.FromMinutes(10));
        Send("bob@example.org", "Reminder: Forum B");
        _stack.Time.Advance(TimeSpan.FromMinutes(10));
        Send("alice@example.org", "Reminder: Forum C");
    }

    public Task DisposeAsync() => _stack.DisposeAsync();

    private void Send(string to, string subject)
    {
        var request = new JsonObject
        {
            ["from"] = new JsonObject { ["email"] = "programme@clusterscord.example" },
            ["subject"] = subject,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi" }),
            ["personalizations"] = new JsonArray(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["email"] = to }) }),
        };
        using var document = JsonDocument.Parse(request.ToJsonString());
        _stack.Outbox.Add(document.RootElement);
    }

    private async Task<string[]> SubjectsAsync(string query)
    {
        var response = await _stack.Client.GetAsync("/dev/outbox?format=json&" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.EnumerateArray().Select(e => e.GetProperty("request").GetProperty("subject").GetString()!).ToArray();
    }

    [Fact]
    public async Task Json_filters_by_recipient_subject_and_time_oldest_first()
    {
        Assert.Equal(["Your registration for Forum A", "Reminder: Forum C"], await SubjectsAsync("to=ALICE@example"));
        Assert.Equal(["Reminder: Forum B", "Reminder: Forum C"], await SubjectsAsync("subject=reminder"));
        var since = (_first + TimeSpan.FromMinutes(15)).ToString("O");
        Assert.Equal(["Reminder: Forum C"], await SubjectsAsync($"to=alice&since={Uri.EscapeDataString(since)}"));
        Assert.Equal(3, (await SubjectsAsync("")).Length);
    }

    [Fact]
    public async Task The_summary_counts_what_the_filter_matches_without_the_bodies()
    {
        var alice = await _stack.Client.GetStringAsync("/dev/outbox?format=summary&to=alice");
        using var document = JsonDocument.Parse(alice);

        Assert.Equal(2, document.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(2, document.RootElement.GetProperty("personalizations").GetInt32());
        Assert.Equal(_first + TimeSpan.FromMinutes(20), document.RootElement.GetProperty("lastReceivedAt").GetDateTimeOffset());
        Assert.DoesNotContain("Forum", alice);
        using var none = JsonDocument.Parse(await _stack.Client.GetStringAsync("/dev/outbox?format=summary&to=nobody"));
        Assert.Equal(0, none.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("lastReceivedAt").ValueKind);
    }

    [Fact]
    public async Task The_page_filters_the_same_and_shows_the_newest_first()
    {
        var html = await _stack.Client.GetStringAsync("/dev/outbox?to=alice%40example.org");

        Assert.DoesNotContain("Forum B", html);
        Assert.True(html.IndexOf("Forum C", StringComparison.Ordinal) < html.IndexOf("Forum A", StringComparison.Ordinal), "newest first");
        Assert.Contains("name=\"to\" value=\"alice@example.org\"", html);
    }

    [Fact]
    public async Task An_unreadable_since_is_a_problem()
    {
        var response = await _stack.Client.GetAsync("/dev/outbox?since=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
