using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Cooperation;

public sealed class CooperationJourneyTests
{
    /// <summary>
    /// A Czech cluster from submission to signature, through the routes its contact and the organisers use:
    /// submitted in Czech (the manage link in the answer), approved, asks to join the ICT working group and is
    /// admitted, introduced to a partner, records an action in the ICT work plan, and is listed as a signatory.
    /// </summary>
    [Fact]
    public async Task A_Czech_cluster_goes_from_its_profile_to_the_signatories()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var email = $"jana-{Guid.NewGuid():N}@klastr.example.cz";
        var submitted = await stack.Client.PostAsJsonAsync("/api/clusters", new JsonObject
        {
            ["name"] = "Moravskoslezský IT klastr",
            ["country"] = "CZ",
            ["city"] = "Ostrava",
            ["description"] = "Sdružujeme firmy a univerzity v oblasti informačních technologií.",
            ["sectors"] = new JsonArray("ict"),
            ["memberCount"] = 60,
            ["memberTypes"] = new JsonArray("companies", "education"),
            ["managementFte"] = 3,
            ["contact"] = new JsonObject { ["name"] = "Jana Nováková", ["email"] = email },
            ["language"] = "cs",
        });
        var answer = await submitted.JsonAsync(HttpStatusCode.Accepted);
        var czechId = answer.GetProperty("id").GetString()!;
        Assert.Equal("pending", answer.GetProperty("status").GetString());
        // The token comes from the manage link's fragment, as the contact's browser reads it.
        var fragment = System.Web.HttpUtility.ParseQueryString(new Uri(answer.GetProperty("manageUrl").GetString()!).Fragment.TrimStart('#'));
        Assert.Equal(czechId, fragment["id"]);
        var czech = new ClusterActor(czechId, "Moravskoslezský IT klastr", email, fragment["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await stack.Organiser.PostAsync($"/api/manage/clusters/{czechId}/approve", null)).StatusCode);

        // Joins the ICT working group: asked by the contact, admitted by the organisers, listed since then.
        await (await stack.AsAsync(czech, HttpMethod.Post, $"/api/clusters/{czech.Id}/working-groups/ict")).JsonAsync(HttpStatusCode.Accepted);
        Assert.Empty((await stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray());
        await (await stack.Organiser.PostAsync($"/api/manage/working-groups/ict/members/{czech.Id}/approve", null)).JsonAsync(HttpStatusCode.OK);
        var member = Assert.Single((await stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray());
        Assert.Equal(czech.Id, member.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, member.GetProperty("memberSince").ValueKind);

        var german = await stack.ApprovedAsync("Software-Cluster Stuttgart", "DE", "de");

        var introduction = (await (await stack.AsAsync(czech, HttpMethod.Post, $"/api/clusters/{czech.Id}/introductions",
            new { to = german.Id, message = "Dobrý den, rádi bychom s vámi spolupracovali." })).JsonAsync(HttpStatusCode.Created)).GetProperty("introductionId").GetString();
        await (await stack.AsAsync(german, HttpMethod.Post, $"/api/clusters/{german.Id}/introductions/{introduction}/accept")).JsonAsync(HttpStatusCode.OK);
        var toJana = Assert.Single(await stack.IntroductionEmailsToAsync(email));
        Assert.Contains(german.Email, Mail.Filled(toJana.Request, toJana.Personalization).Text);

        await (await stack.AsAsync(czech, HttpMethod.Post, $"/api/clusters/{czech.Id}/cooperation", new
        {
            workingGroup = "ict",
            title = "Společný vzdělávací program pro manažery klastrů",
            partners = new[] { german.Id },
            nextStep = "Dohodnout osnovu na fóru ve Stuttgartu.",
            dueMonth = "2012-10",
            status = "planned",
        })).JsonAsync(HttpStatusCode.Created);
        var plan = await stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict/work-plan");
        Assert.Equal("Moravskoslezský IT klastr", Assert.Single(plan.GetProperty("items").EnumerateArray()).GetProperty("cluster").GetProperty("name").GetString());

        // The catalogue shows the signature as soon as it is recorded: a cached search answer is not reused.
        using var before = await stack.Client.GetAsync("/api/clusters?q=Moravskoslezsk");
        var beforeTag = before.Headers.ETag!.Tag;
        Assert.False((await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].TryGetProperty("agreement", out _));
        await (await stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = czech.Id, signedBy = "Jana Nováková", signedAt = "2012-11-29", place = "Stuttgart" })).JsonAsync(HttpStatusCode.Created);
        var signatory = Assert.Single((await stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("signatories").EnumerateArray());
        Assert.Equal("Moravskoslezský IT klastr", signatory.GetProperty("name").GetString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?q=Moravskoslezsk");
        again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(beforeTag));
        using var after = await stack.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var listed = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0];
        Assert.Equal("Stuttgart", listed.GetProperty("agreement").GetProperty("place").GetString());
        var view = await stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{czech.Id}");
        Assert.Equal("2012-11-29", view.GetProperty("agreement").GetProperty("signedAt").GetString());
        Assert.Equal("ict", Assert.Single(view.GetProperty("memberships").EnumerateArray()).GetProperty("sector").GetString());
        var inGroup = (await stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict")).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == czech.Id);
        Assert.Equal("Stuttgart", inGroup.GetProperty("agreement").GetProperty("place").GetString());
        var match = (await stack.Client.GetFromJsonAsync<JsonElement>($"/api/clusters/{german.Id}/matches")).GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("clusterId").GetString() == czech.Id);
        Assert.Equal("Stuttgart", match.GetProperty("agreement").GetProperty("place").GetString());
    }

    [Fact]
    public async Task An_introduction_email_whose_queue_message_was_lost_is_sent_by_the_sweep()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var asker = await stack.ApprovedAsync("Asker Of Lost Message");
        var invited = await stack.ApprovedAsync("Invited Of Lost Message");
        await stack.DeliverEmailsAsync();

        await (await stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions",
            new { to = invited.Id, message = "Hello there." })).JsonAsync(HttpStatusCode.Created);
        // The queue message is lost: the email is still owed on the introduction.
        await (await stack.Services.GetRequiredService<EmailQueues>().DeliveryAsync(CancellationToken.None)).ClearMessagesAsync();
        Assert.Empty(await stack.IntroductionEmailsToAsync(invited.Email));

        // Within the grace the sweep leaves it to the queue; after it, the sweep sends it, once.
        Assert.True((await stack.Organiser.PostAsync("/admin/functions/SendOwedIntroductionEmails?wait=true", null)).IsSuccessStatusCode);
        Assert.Empty(await stack.IntroductionEmailsToAsync(invited.Email));
        stack.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.True((await stack.Organiser.PostAsync("/admin/functions/SendOwedIntroductionEmails?wait=true", null)).IsSuccessStatusCode);
        Assert.True((await stack.Organiser.PostAsync("/admin/functions/SendOwedIntroductionEmails?wait=true", null)).IsSuccessStatusCode);
        Assert.Single(await stack.IntroductionEmailsToAsync(invited.Email));
    }
}
