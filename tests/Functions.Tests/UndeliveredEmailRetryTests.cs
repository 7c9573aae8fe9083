using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// <c>POST /api/manage/emails/undelivered/{messageId}/retry</c>: a message poisoned by SendGrid failing every
/// attempt goes back to the delivery queue and its email arrives once SendGrid answers again; the other
/// undelivered messages stay listed; an unknown id is 404 and changes nothing.
/// </summary>
public sealed class UndeliveredEmailRetryTests
{
    private static string NewEmail() => $"retry{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_poisoned_email_retried_by_an_organiser_is_delivered_once_and_the_others_stay_listed()
    {
        await using var stack = await TestStack.StartOwnAsync(new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1" });
        var eventId = await stack.CreateEventAsync();
        var (first, second) = (NewEmail(), NewEmail());
        stack.SinkFaults.FailRandomly(1.0, seed: 7);
        var firstRegistration = Api.ManageLink(await stack.RegisteredAsync(eventId, Api.Person(first))).Id;
        await stack.RegisteredAsync(eventId, Api.Person(second));
        var drained = await stack.DeliverEmailsAsync();
        Assert.True(drained.GetProperty("poisoned").GetInt32() >= 1);
        var before = await UndeliveredAsync(stack);
        var target = before.First(i => i.GetProperty("registrationId").GetString() == firstRegistration).GetProperty("messageId").GetString()!;
        var others = before.Select(i => i.GetProperty("messageId").GetString()).Where(id => id != target).Distinct().Count();
        Assert.Equal(1, others); // the second registration's email travelled in a message of its own

        using var anonymous = await stack.Client.PostAsync($"/api/manage/emails/undelivered/{target}/retry", null);
        using var unknown = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{Guid.NewGuid()}/retry", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before.Count, (await UndeliveredAsync(stack)).Count);

        stack.SinkFaults.Reset();
        using var retried = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{target}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(target, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetString());

        // The retried message has left the poison queue; the others are listed at once, not hidden.
        var after = await UndeliveredAsync(stack);
        Assert.DoesNotContain(after, i => i.GetProperty("messageId").GetString() == target);
        Assert.Equal(others, after.Select(i => i.GetProperty("messageId").GetString()).Distinct().Count());
        using var again = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{target}/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(first));
        Assert.Empty(await stack.EmailsToAsync(second));
    }

    private static async Task<List<JsonElement>> UndeliveredAsync(TestStack stack)
        => (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();
}
