using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// Messages on the delivery queue that the app did not write (not base64, or a list with holes) never stop
/// the others: real deliveries go on, the bad one ends in the poison queue, and the organisers' list of
/// undelivered emails and its retry keep answering.
/// </summary>
public sealed class MalformedQueueMessageTests
{
    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_and_the_email_beside_it_is_delivered()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var email = $"beside-{Guid.NewGuid():N}@example.org";
        var registered = await stack.RegisteredAsync(eventId, Api.Person(email));
        var delivery = await DeliveryQueue.ClearAsync(stack);
        // Written without the app's encoding: its text is not base64.
        var raw = new QueueClient((await Azurite.GetAsync()).ConnectionString, delivery.Name);
        await raw.SendMessageAsync("{not base64 at all}");
        await delivery.SendMessageAsync(EmailQueueMessage.ForBatch([QueuedEmail.For(await OwedEmails.OfAdmissionAsync(stack, registered))]).ToJson());

        await stack.DeliverEmailsAsync();

        Assert.Single(await stack.EmailsToAsync(email));
        using var listed = await stack.Organiser.GetAsync("/api/manage/emails/undelivered");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var poisoned = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("reason").GetString() == "poisoned").ToList();
        var bad = Assert.Single(poisoned);
        // Retried, it is dropped as a message of no known shape, and the list is empty again.
        using var retry = await stack.Organiser.PostAsync($"/api/manage/emails/undelivered/{bad.GetProperty("messageId").GetString()}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await stack.DeliverEmailsAsync();
        var after = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("reason").GetString() == "poisoned");
    }

    [Fact]
    public async Task A_gathered_message_with_holes_in_its_list_delivers_the_emails_it_names()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var email = $"holes-{Guid.NewGuid():N}@example.org";
        var registered = await stack.RegisteredAsync(eventId, Api.Person(email));
        var delivery = await DeliveryQueue.ClearAsync(stack);
        var named = JsonSerializer.Serialize(QueuedEmail.For(await OwedEmails.OfAdmissionAsync(stack, registered)));
        await delivery.SendMessageAsync($$"""{"emails":[null,{{named}},null]}""");

        var drained = await stack.DeliverEmailsAsync();

        Assert.Equal(0, drained.GetProperty("failed").GetInt32());
        Assert.Single(await stack.EmailsToAsync(email));
        var undelivered = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/emails/undelivered");
        Assert.DoesNotContain(undelivered.GetProperty("items").EnumerateArray(), i => i.GetProperty("reason").GetString() == "poisoned");
    }
}
