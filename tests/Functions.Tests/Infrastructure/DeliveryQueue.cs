using System.Text.Json;
using ClustersCord.Domain.Email;
using ClustersCord.Functions.Email;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>The delivery queue and the sink's outbox as the email tests look at them.</summary>
public static class DeliveryQueue
{
    /// <summary>Waits until every email gathered so far is on the queue (a burst's answers do not wait for their message).</summary>
    public static Task FlushAsync(TestStack stack) => ((StorageEmailQueue)stack.Services.GetRequiredService<IEmailQueue>()).FlushAsync();

    /// <summary>Waits until the registrations' own messages are on the queue, then empties it (as if they were lost).</summary>
    public static async Task<Azure.Storage.Queues.QueueClient> ClearAsync(TestStack stack)
    {
        await FlushAsync(stack);
        var queue = await stack.Services.GetRequiredService<EmailQueues>().DeliveryAsync(CancellationToken.None);
        await queue.ClearMessagesAsync();
        return queue;
    }

    /// <summary>The send requests the sink holds now, without delivering what is queued.</summary>
    public static IReadOnlyList<JsonElement> Outboxed(TestStack stack) => stack.Outbox.Snapshot().Select(e => e.Request).ToList();

    /// <summary>How many emails (personalizations) of <paramref name="requests"/> went to an address.</summary>
    public static int Count(IEnumerable<JsonElement> requests, string email)
        => requests.Sum(r => r.GetProperty("personalizations").EnumerateArray().Count(p => p.GetProperty("to")[0].GetProperty("email").GetString() == email));
}
