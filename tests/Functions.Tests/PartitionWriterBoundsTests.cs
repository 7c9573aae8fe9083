using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// An event's writer is bounded: a full queue, a passed deadline, or conflicts that never end answer 503
/// with Retry-After and store nothing, instead of waiting or looping without end (or answering 500).
/// Storage is slowed or contested on purpose by a <see cref="StorageHook"/> in the app's table pipeline.
/// </summary>
public sealed class PartitionWriterBoundsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_admission_whose_answer_was_lost_is_answered_from_storage_and_its_email_goes_out_with_the_queue()
    {
        var (stack, hook) = await StartAsync([]);
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            var email = $"lost-answer-{eventId}@example.org";
            hook.LoseNextAnswer();

            var registered = await stack.RegisteredAsync(eventId, Api.Person(email));

            Assert.Equal("confirmed", registered.GetProperty("status").GetString());
            Assert.Single(await stack.AllRegistrationsAsync(eventId));
            // The transaction's email is in the row the lost try wrote; the queue message names it, so it goes
            // now, not after the sweep's grace.
            Assert.Single(await stack.EmailsToAsync(email));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_Retry_After_at_once_and_stores_nothing_of_those_refused()
    {
        var (stack, hook) = await StartAsync(new() { ["Registrations:WriterQueueCapacity"] = "2" });
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            hook.Hold();
            var first = stack.RegisterAsync(eventId, Api.Person($"held-{eventId}@example.org"));
            await hook.Held.Task.WaitAsync(Patience);
            var emails = Enumerable.Range(0, 7).Select(i => $"queued{i}-{eventId}@example.org").ToArray();
            var others = emails.ToDictionary(e => e, e => stack.RegisterAsync(eventId, Api.Person(e)));

            // Two wait in the queue; the other five are refused while the first is still held.
            var refused = new List<string>();
            while (refused.Count < 5)
            {
                await Task.WhenAny(others.Where(o => !refused.Contains(o.Key)).Select(o => o.Value)).WaitAsync(Patience);
                refused = others.Where(o => o.Value.IsCompleted).Select(o => o.Key).ToList();
            }
            foreach (var email in refused)
            {
                var answer = await others[email];
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.NotNull(answer.Headers.RetryAfter);
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            }
            hook.Release();

            Assert.Equal(HttpStatusCode.Created, (await first.WaitAsync(Patience)).StatusCode);
            var queued = others.Where(o => !refused.Contains(o.Key)).ToList();
            Assert.Equal(2, queued.Count);
            foreach (var (_, answer) in queued)
            {
                Assert.Equal(HttpStatusCode.Created, (await answer.WaitAsync(Patience)).StatusCode);
            }
            var stored = (await stack.AllRegistrationsAsync(eventId)).Select(r => r.GetProperty("email").GetString()).ToHashSet();
            Assert.Equal(3, stored.Count);
            Assert.DoesNotContain(stored, refused.Contains!);
            Assert.Equal(3, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
        }
        finally
        {
            hook.Release();
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_registration_whose_deadline_passes_in_the_queue_answers_503_and_is_never_stored()
    {
        var (stack, hook) = await StartAsync(new() { ["Registrations:WriterDeadline"] = "00:00:05" });
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            hook.Hold();
            var first = stack.RegisterAsync(eventId, Api.Person($"held-{eventId}@example.org"));
            await hook.Held.Task.WaitAsync(Patience);
            var late = stack.RegisterAsync(eventId, Api.Person($"late-{eventId}@example.org"));

            // Storage stays held; only the clock moves past the deadline.
            var answer = await UntilAnsweredAsync(stack, late, step: TimeSpan.FromSeconds(6));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.NotNull(answer.Headers.RetryAfter);
            hook.Release();

            // The first had started: its transaction commits and its answer says so.
            Assert.Equal(HttpStatusCode.Created, (await first.WaitAsync(Patience)).StatusCode);
            var stored = (await stack.AllRegistrationsAsync(eventId)).Select(r => r.GetProperty("email").GetString()).ToList();
            Assert.Equal([$"held-{eventId}@example.org"], stored);
            Assert.Equal(1, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
        }
        finally
        {
            hook.Release();
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_duplicate_check_row_whose_registration_is_missing_ends_in_503_instead_of_looping()
    {
        var (stack, _) = await StartAsync([]);
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            var email = $"orphan-{eventId}@example.org";
            var table = await stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Registrations, CancellationToken.None);
            // A 409 on this row on every try, and no registration to answer with.
            await table.AddEntityAsync(RegistrationEntities.Pointer(eventId, RegistrationKeys.Email(EmailAddress.Normalize(email)), eventId + ".gone"));

            var answer = await UntilAnsweredAsync(stack, stack.RegisterAsync(eventId, Api.Person(email)), step: TimeSpan.FromSeconds(1));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.NotNull(answer.Headers.RetryAfter);
            Assert.Empty(await stack.AllRegistrationsAsync(eventId));
            Assert.Equal(0, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cancellation_whose_seats_another_writer_changes_on_every_try_ends_in_503_and_cancels_nothing()
    {
        var (stack, hook) = await StartAsync([]);
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            var registered = await stack.RegisteredAsync(eventId, Api.Person($"stays-{eventId}@example.org"));
            hook.RivalChangesSeatsOf(eventId, await RivalTableAsync(stack));

            var answer = await UntilAnsweredAsync(stack, stack.Client.CancelRegistrationAsync(registered), step: TimeSpan.FromSeconds(1));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.NotNull(answer.Headers.RetryAfter);
            hook.StopRival();
            Assert.Equal("confirmed", (await stack.Client.RegistrantAsync(registered)).GetProperty("status").GetString());
            Assert.Equal(1, (await stack.EventAsync(eventId)).GetProperty("confirmed").GetInt32());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_registration_whose_seats_another_writer_changes_on_every_try_ends_in_503_and_stores_nothing()
    {
        var (stack, hook) = await StartAsync([]);
        try
        {
            var eventId = await stack.CreateEventAsync(Api.Forum(capacity: 50));
            hook.RivalChangesSeatsOf(eventId, await RivalTableAsync(stack));

            var answer = await UntilAnsweredAsync(stack, stack.RegisterAsync(eventId, Api.Person($"never-{eventId}@example.org")), step: TimeSpan.FromSeconds(1));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.NotNull(answer.Headers.RetryAfter);
            hook.StopRival();
            Assert.Empty(await stack.AllRegistrationsAsync(eventId));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task<(TestStack Stack, StorageHook Hook)> StartAsync(Dictionary<string, string?> settings)
    {
        var azurite = await Azurite.GetAsync();
        var hook = new StorageHook();
        var stack = new TestStack { OwnClock = true, ExtraSettings = settings, ConfigureHost = b => StorageHook.Install(b, hook, azurite.ConnectionString) };
        await stack.InitializeAsync();
        return (stack, hook);
    }

    /// <summary>The app's registrations table through a client of its own, outside the hook.</summary>
    private static async Task<TableClient> RivalTableAsync(TestStack stack)
        => new((await Azurite.GetAsync()).ConnectionString, stack.NamePrefix + TableNames.Registrations);

    /// <summary>
    /// Moves the stack's clock on by <paramref name="step"/> until the answer comes (back-offs and deadlines
    /// run on that clock), within a bound of wall-clock time: a loop without end fails here.
    /// </summary>
    private static async Task<HttpResponseMessage> UntilAnsweredAsync(TestStack stack, Task<HttpResponseMessage> answer, TimeSpan step)
    {
        await Eventually.TrueAsync(() =>
        {
            if (!answer.IsCompleted)
            {
                stack.Time.Advance(step);
            }
            return Task.FromResult(answer.IsCompleted);
        }, "no answer: the writer loops or waits without end", Patience, TimeSpan.FromMilliseconds(50));
        return await answer;
    }
}
