using System.Net;
using System.Net.Http.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>A person who asks to be erased is forgotten, not told: the cancellation that frees their seat queues no email to them.</summary>
public sealed class ErasureQueuesNothingTests
{
    [Fact]
    public async Task Erasing_a_registered_person_queues_no_cancellation_email_to_them()
    {
        await using var stack = await TestStack.StartOwnAsync();
        var eventId = await stack.CreateEventAsync();
        var email = $"forget-{Guid.NewGuid():N}@example.org";
        var registrationId = Api.ManageLink(await stack.RegisteredAsync(eventId, Api.Person(email))).Id;
        var delivery = await DeliveryQueue.ClearAsync(stack);

        using var erased = await stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        await DeliveryQueue.FlushAsync(stack);
        var queued = (await delivery.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
        Assert.DoesNotContain(queued, m => m.Contains(registrationId, StringComparison.Ordinal));
        await stack.DeliverEmailsAsync();
        Assert.Empty(await stack.EmailsToAsync(email));
    }
}
