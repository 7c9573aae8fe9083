using System.Net;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Cooperation;

public sealed class IntroductionTests : IAsyncLifetime
{
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    private Task<HttpResponseMessage> AskAsync(ClusterActor from, ClusterActor to, string message = "We would like to cooperate on smart health data.")
        => _stack.AsAsync(from, HttpMethod.Post, $"/api/clusters/{from.Id}/introductions", new { to = to.Id, message });

    private async Task<string> AskedAsync(ClusterActor from, ClusterActor to, string message = "We would like to cooperate on smart health data.")
        => (await (await AskAsync(from, to, message)).JsonAsync(HttpStatusCode.Created)).GetProperty("introductionId").GetString()!;

    private async Task<JsonElement> ListAsync(ClusterActor actor)
        => (await (await _stack.AsAsync(actor, HttpMethod.Get, $"/api/clusters/{actor.Id}/introductions")).JsonAsync(HttpStatusCode.OK)).GetProperty("items");

    [Fact]
    public async Task Contacts_are_given_only_on_acceptance_and_only_to_the_two_clusters()
    {
        var czech = await _stack.ApprovedAsync("Moravian ICT Cluster", "CZ", "cs");
        var german = await _stack.ApprovedAsync("Software-Cluster Stuttgart", "DE", "de");
        var third = await _stack.ApprovedAsync("Third Cluster", "AT");

        var id = await AskedAsync(czech, german, "Rádi bychom spolupracovali na zdravotních datech.");

        // The invited contact is asked, in German, with the message and a link to their profile page; nobody's address is in it.
        var (request, personalization) = Assert.Single(await _stack.IntroductionEmailsToAsync(german.Email));
        var (subject, text, _) = Mail.Filled(request, personalization);
        Assert.Contains("Moravian ICT Cluster", subject);
        Assert.Contains("möchte", subject);
        Assert.Contains("Rádi bychom spolupracovali na zdravotních datech.", text);
        Assert.Contains($"/introductions.html#id={german.Id}&token={german.Token}", text);
        Assert.DoesNotContain(czech.Email, text);
        Assert.Empty(await _stack.IntroductionEmailsToAsync(czech.Email));

        // Before acceptance neither side sees the other's contact.
        var sent = Assert.Single((await ListAsync(czech)).EnumerateArray());
        Assert.Equal("sent", sent.GetProperty("direction").GetString());
        Assert.Equal("pending", sent.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("contact").ValueKind);
        var received = Assert.Single((await ListAsync(german)).EnumerateArray());
        Assert.Equal("received", received.GetProperty("direction").GetString());
        Assert.Equal("Moravian ICT Cluster", received.GetProperty("cluster").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, received.GetProperty("contact").ValueKind);
        Assert.DoesNotContain(czech.Email, received.GetRawText());

        var accepted = await (await _stack.AsAsync(german, HttpMethod.Post, $"/api/clusters/{german.Id}/introductions/{id}/accept")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        Assert.Equal(czech.Email, accepted.GetProperty("contact").GetProperty("email").GetString());

        // Now each gets the other's contact, by email and in their own list; the third cluster sees nothing.
        var toCzech = Assert.Single(await _stack.IntroductionEmailsToAsync(czech.Email));
        var czechText = Mail.Filled(toCzech.Request, toCzech.Personalization).Text;
        Assert.Contains(german.Email, czechText);
        Assert.Contains("Software-Cluster Stuttgart", czechText);
        Assert.Contains("Seznámení", Mail.Filled(toCzech.Request, toCzech.Personalization).Subject);
        var toGerman = await _stack.IntroductionEmailsToAsync(german.Email);
        Assert.Equal(2, toGerman.Count);
        Assert.Contains(czech.Email, Mail.Filled(toGerman[1].Request, toGerman[1].Personalization).Text);
        Assert.Equal(german.Email, Assert.Single((await ListAsync(czech)).EnumerateArray()).GetProperty("contact").GetProperty("email").GetString());
        Assert.Empty((await ListAsync(third)).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.AsAsync(third, HttpMethod.Post, $"/api/clusters/{third.Id}/introductions/{id}/decline")).StatusCode);
        foreach (var path in new[] { "/api/clusters", $"/api/clusters/{czech.Id}", $"/api/clusters/{german.Id}", "/api/working-groups/ict" })
        {
            var page = await _stack.Client.GetStringAsync(path);
            Assert.DoesNotContain(czech.Email, page);
            Assert.DoesNotContain(german.Email, page);
        }
    }

    [Fact]
    public async Task A_wrong_token_or_the_wrong_side_is_refused_and_changes_nothing()
    {
        var asker = await _stack.ApprovedAsync("Asking Cluster");
        var invited = await _stack.ApprovedAsync("Invited Cluster");
        var pending = await _stack.ApprovedAsync("Pending Cluster", approve: false);

        // No token, another cluster's token, a pending profile's own token: the same 404.
        using (var anonymous = new HttpRequestMessage(HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions") { Content = System.Net.Http.Json.JsonContent.Create(new { to = invited.Id, message = "Hello" }) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.SendAsync(anonymous)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions",
            new { to = invited.Id, message = "Hello" }, token: invited.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AskAsync(pending, invited)).StatusCode);
        // A token in the query string is refused outright.
        Assert.Equal(HttpStatusCode.BadRequest, (await _stack.AsAsync(asker, HttpMethod.Get, $"/api/clusters/{asker.Id}/introductions?token={asker.Token}")).StatusCode);
        // Not to itself, not to a cluster that is not approved, not without a message.
        var invalid = await (await AskAsync(asker, asker)).JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("to", out _));
        Assert.True((await (await AskAsync(asker, pending)).JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("to", out _));
        Assert.True((await (await AskAsync(asker, invited, "  ")).JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("message", out _));
        Assert.Empty((await ListAsync(invited)).EnumerateArray());

        var id = await AskedAsync(asker, invited);
        // The asking cluster cannot accept for the invited one, with either token.
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions/{id}/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{invited.Id}/introductions/{id}/accept")).StatusCode);
        Assert.Equal("pending", Assert.Single((await ListAsync(invited)).EnumerateArray()).GetProperty("state").GetString());
        Assert.Empty(await _stack.IntroductionEmailsToAsync(asker.Email));
    }

    [Fact]
    public async Task A_typed_message_is_data_in_the_email_never_markup()
    {
        var asker = await _stack.ApprovedAsync("Markup <i>Cluster</i>");
        var invited = await _stack.ApprovedAsync("Careful Cluster");

        await AskedAsync(asker, invited, "<script>alert(1)</script> {% if true %}liquid{% endif %} <a href=\"https://evil.example\">click</a>");

        var (request, personalization) = Assert.Single(await _stack.IntroductionEmailsToAsync(invited.Email));
        var (subject, text, html) = Mail.Filled(request, personalization);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<a href=\"https://evil.example\">", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("{% if true %}liquid{% endif %}", text);
        Assert.Contains("<script>alert(1)</script>", text);
        Assert.Contains("Markup <i>Cluster</i>", subject);
        Assert.DoesNotContain("<i>Cluster</i>", html);
    }

    [Fact]
    public async Task Accept_and_decline_at_once_leave_one_state()
    {
        var asker = await _stack.ApprovedAsync("Racing Asker");
        var invited = await _stack.ApprovedAsync("Racing Invited");
        var id = await AskedAsync(asker, invited);

        var answers = await Task.WhenAll(
            _stack.AsAsync(invited, HttpMethod.Post, $"/api/clusters/{invited.Id}/introductions/{id}/accept"),
            _stack.AsAsync(invited, HttpMethod.Post, $"/api/clusters/{invited.Id}/introductions/{id}/decline"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var winner = answers.Single(a => a.StatusCode == HttpStatusCode.OK);
        var state = (await winner.JsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString();
        Assert.Equal(state, Assert.Single((await ListAsync(asker)).EnumerateArray()).GetProperty("state").GetString());
        // The asking contact has the other's address exactly when the introduction was accepted.
        Assert.Equal(state == "accepted" ? 1 : 0, (await _stack.IntroductionEmailsToAsync(asker.Email)).Count);
    }
}

/// <summary>The rate limit and the pause after a decline move the clock: a stack of their own.</summary>
public sealed class IntroductionLimitTests
{
    [Fact]
    public async Task The_rate_limit_answers_429_with_retry_after_and_a_declined_request_waits_for_its_pause()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?>
        {
            ["Cooperation:IntroductionsPerWindow"] = "2",
            ["Cooperation:IntroductionWindow"] = "7.00:00:00",
            ["Cooperation:DeclinedPause"] = "90.00:00:00",
        });
        var asker = await stack.ApprovedAsync("Eager Cluster");
        var first = await stack.ApprovedAsync("First Partner");
        var second = await stack.ApprovedAsync("Second Partner");
        var third = await stack.ApprovedAsync("Third Partner");
        Task<HttpResponseMessage> Ask(ClusterActor to) => stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions", new { to = to.Id, message = "Let us talk." });

        var declined = (await (await Ask(first)).JsonAsync(HttpStatusCode.Created)).GetProperty("introductionId").GetString()!;
        await (await Ask(second)).JsonAsync(HttpStatusCode.Created);
        var limited = await Ask(third);
        var problem = await limited.JsonAsync((HttpStatusCode)429);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/problems/too-many-requests", problem.GetProperty("type").GetString());
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 7 * 86400 - 60, 7 * 86400);
        Assert.Empty(await stack.IntroductionEmailsToAsync(third.Email));

        // The first partner declines; asking it again is refused for the pause, not for the limit.
        await (await stack.AsAsync(first, HttpMethod.Post, $"/api/clusters/{first.Id}/introductions/{declined}/decline")).JsonAsync(HttpStatusCode.OK);
        stack.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await (await Ask(third)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await Ask(first)).StatusCode);
        // After the pause the same request may be made again.
        stack.Time.Advance(TimeSpan.FromDays(84));
        await (await Ask(first)).JsonAsync(HttpStatusCode.Created);
    }
}
