using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Emails SendGrid refused for good (a 400) are listed with the poison queue's under
/// <c>GET /api/manage/emails/undelivered</c> (<c>reason: refused</c>, the status), go out once when an
/// organiser retries them through the same retry route, and go with their person on erasure.
/// </summary>
public sealed class RefusedEmailTests
{
    private static string NewEmail() => $"refused{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task A_refused_registration_email_is_listed_and_retried_once_by_an_organiser()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        await RefuseNextAsync(stack);
        var registrationId = Api.ManageLink(await stack.RegisteredAsync(eventId, Api.Person(email))).Id;
        await stack.DeliverEmailsAsync();
        Assert.Empty(await stack.EmailsToAsync(email));

        var refused = Assert.Single(await UndeliveredAsync(stack), i => i.GetProperty("registrationId").GetString() == registrationId);
        Assert.Equal("refused", refused.GetProperty("reason").GetString());
        Assert.Equal(400, refused.GetProperty("statusCode").GetInt32());
        Assert.Equal(eventId, refused.GetProperty("eventId").GetString());
        Assert.Equal("confirmed", refused.GetProperty("kind").GetString());
        var id = refused.GetProperty("messageId").GetString()!;
        Assert.DoesNotContain(email, refused.GetRawText(), StringComparison.OrdinalIgnoreCase);

        using var anonymous = await stack.Client.PostAsync($"/api/manage/emails/undelivered/{id}/retry", null);
        using var unknown = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/refused-{Guid.NewGuid():N}/retry", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Single(await UndeliveredAsync(stack));

        using var retried = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Empty(await UndeliveredAsync(stack));
        using var again = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{id}/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(email));
        // The sweep finds nothing more owed: it went out once.
        using var sweep = await stack.Organiser.PostAsync("/admin/functions/SendPendingEmails?wait=true", null);
        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task A_refused_cluster_decision_email_is_listed_and_goes_out_when_retried()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var contact = NewEmail();
        using var submitted = await stack.Client.PostAsJsonAsync("/api/clusters", ClusterInput(contact));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var clusterId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        // The acknowledgement (with the manage link) goes out first; the decision's email is the one refused.
        Assert.Single(await stack.EmailsToAsync(contact));
        await RefuseNextAsync(stack);
        using var approved = await stack.Organiser.PostAsync($"/api/manage/clusters/{clusterId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await stack.DeliverEmailsAsync();
        Assert.Single(await stack.EmailsToAsync(contact));

        var refused = Assert.Single(await UndeliveredAsync(stack));
        Assert.Equal("refused", refused.GetProperty("reason").GetString());
        Assert.Equal(clusterId, refused.GetProperty("clusterId").GetString());
        Assert.Equal(400, refused.GetProperty("statusCode").GetInt32());

        using var retried = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{refused.GetProperty("messageId").GetString()}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await stack.DeliverEmailsAsync();
        Assert.Equal(2, (await stack.EmailsToAsync(contact)).Count);
        Assert.Empty(await UndeliveredAsync(stack));
    }

    [Fact]
    public async Task Erasure_removes_the_refusals_of_the_persons_registrations_and_no_other()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var (erased, kept) = (NewEmail(), NewEmail());
        await RefuseNextAsync(stack);
        await stack.RegisteredAsync(eventId, Api.Person(erased));
        await stack.DeliverEmailsAsync();
        await RefuseNextAsync(stack);
        var keptId = Api.ManageLink(await stack.RegisteredAsync(eventId, Api.Person(kept))).Id;
        await stack.DeliverEmailsAsync();
        Assert.Equal(2, (await UndeliveredAsync(stack)).Count);

        using var erasure = await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = erased });
        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);

        var left = Assert.Single(await UndeliveredAsync(stack));
        Assert.Equal(keptId, left.GetProperty("registrationId").GetString());
    }

    [Fact]
    public async Task A_refused_organiser_message_is_listed_but_cannot_be_retried_on_its_own()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var email = NewEmail();
        await stack.RegisteredAsync(eventId, Api.Person(email));
        await stack.DeliverEmailsAsync();
        await RefuseNextAsync(stack);
        using var sent = await stack.Organiser.PostAsJsonAsync($"/api/manage/events/{eventId}/messages",
            new { to = "all", subject = new { en = "Parking" }, body = new { en = "Park behind the hall." } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await stack.DeliverEmailsAsync();

        var refused = Assert.Single(await UndeliveredAsync(stack));
        Assert.Equal("message", refused.GetProperty("kind").GetString());
        using var retried = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{refused.GetProperty("messageId").GetString()}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Single(await UndeliveredAsync(stack));
        Assert.Single(await stack.EmailsToAsync(email));
    }

    [Fact]
    public async Task A_refused_meeting_email_retried_three_times_at_once_arrives_once()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var forum = await Meetings.MeetingForum.CreateAsync(stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, benEmail) = await forum.JoinAsync("Ben");
        var agreed = await forum.AcceptedAsync(anna, ben);
        await stack.DeliverEmailsAsync();
        await RefuseNextAsync(stack);
        Assert.Equal(HttpStatusCode.OK, (await forum.Send(anna, HttpMethod.Post, $"/meeting-requests/{agreed}/withdraw")).StatusCode);
        await stack.DeliverEmailsAsync();
        static bool Withdrawn((JsonElement Request, JsonElement _) e) => e.Request.GetProperty("subject").GetString()!.Contains("withdrawn", StringComparison.Ordinal);
        Assert.DoesNotContain(await stack.EmailsToAsync(benEmail), Withdrawn);
        var id = Assert.Single(await UndeliveredAsync(stack), i => i.GetProperty("kind").GetString() == "meetingWithdrawn").GetProperty("messageId").GetString();

        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{id}/retry", null)));
        Assert.Contains(retries, r => r.StatusCode == HttpStatusCode.Accepted);
        await stack.DeliverEmailsAsync();

        // The retry still names the meeting request (so it is due), and the three owed it once.
        var told = Assert.Single(await stack.EmailsToAsync(benEmail), Withdrawn);
        Assert.Contains(told.Request.GetProperty("attachments").EnumerateArray(), a => a.GetProperty("filename").GetString() == "meeting-cancelled.ics");
    }

    private static async Task RefuseNextAsync(TestStack stack)
    {
        using var put = await stack.Organiser.PutAsync("/dev/outbox/faults", new StringContent("""{"next": [400]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private static object ClusterInput(string contact) => new
    {
        name = "Refusal Test Cluster",
        country = "CZ",
        city = "Brno",
        website = "https://cluster.example",
        description = "A cluster for the refused email test.",
        sectors = new[] { "ict" },
        memberCount = 40,
        memberTypes = new[] { "companies", "research" },
        managementFte = 2.5,
        contact = new { name = "Petra Kontaktní", email = contact },
    };

    private static async Task<List<JsonElement>> UndeliveredAsync(TestStack stack)
        => (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered")).GetProperty("items").EnumerateArray().ToList();
}
