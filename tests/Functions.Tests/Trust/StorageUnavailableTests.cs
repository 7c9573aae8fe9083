using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ClustersCord.DevHost.Functions;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// With storage away or not as the app needs it, every route answers 503 with Retry-After (or, needing no
/// storage, its usual answer): never a 404 that says a thing does not exist, never a 500. The routes come
/// from the functions' attributes, as DevHost's own, so a route added later is tried too.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class StorageUnavailableTests
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);

    /// <summary>Routes that answer from the code alone, without storage.</summary>
    private static readonly HashSet<string> NeedNoStorage = ["ListTopics"];

    private sealed record Answer(string Name, HttpFunction Function, string Method, HttpResponseMessage Response);

    /// <param name="Token">The manage token (header only: a token in a query is refused before storage is asked).</param>
    /// <param name="UnsubscribeToken">The reminders' one-click token, the one secret a URL may carry.</param>
    private sealed record Target(string EventId, string RegistrationId, string Token, string UnsubscribeToken);

    [Fact]
    public async Task Every_route_answers_503_with_Retry_After_when_tables_vanish_and_when_storage_stops()
    {
        var azurite = await Azurite.StartAsync();
        var stack = new TestStack { Storage = azurite, OwnClock = true };
        await stack.InitializeAsync();
        try
        {
            var eventId = await stack.CreateEventAsync();
            var registration = await stack.RegisteredAsync(eventId, Api.Person("away@example.org"));
            var registrationId = registration.GetProperty("id").GetString()!;
            var unsubscribe = new Uri(stack.Services.GetRequiredService<RegistrationLinks>().StopReminders(registrationId)).Query;
            var target = new Target(eventId, registrationId, Token(registration.GetProperty("manageUrl").GetString()!), unsubscribe);
            // Every route once with storage up, so that each table and container the app uses exists and is known.
            await EveryRouteAsync(stack, target);

            // Tables and containers gone (an emulator restarted empty, an operator's mistake): storage is not
            // as the app needs it, which is no reason to say that an event does not exist.
            var tables = new TableServiceClient(azurite.ConnectionString);
            await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(stack.NamePrefix) >= 0 && t.Name.CompareTo(stack.NamePrefix + "~") < 0))
            {
                await tables.DeleteTableAsync(table.Name);
            }
            var queues = new QueueServiceClient(azurite.ConnectionString);
            await foreach (var queue in queues.GetQueuesAsync(prefix: stack.NamePrefix))
            {
                await queues.DeleteQueueAsync(queue.Name);
            }
            var blobs = new BlobServiceClient(azurite.ConnectionString);
            await foreach (var container in blobs.GetBlobContainersAsync(prefix: stack.NamePrefix))
            {
                await blobs.DeleteBlobContainerAsync(container.Name);
            }
            // Past the event cache's lifetime: what the instance remembers is not an answer from storage.
            stack.Time.Advance(TimeSpan.FromMinutes(5));
            AssertUnavailable(await EveryRouteAsync(stack, target));

            await azurite.StopGracefullyAsync();
            stack.Time.Advance(TimeSpan.FromMinutes(5));
            AssertUnavailable(await EveryRouteAsync(stack, target));
        }
        finally
        {
            await stack.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    private static void AssertUnavailable(Answer[] answers)
    {
        Assert.All(answers, a =>
        {
            var status = a.Response.StatusCode;
            Assert.False(status is HttpStatusCode.NotFound or HttpStatusCode.InternalServerError, $"{a.Name} answered {(int)status}");
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(a.Response.Headers.RetryAfter is not null, $"{a.Name}: 503 without Retry-After");
            }
            else if (a.Method is "GET" or "HEAD")
            {
                // A read either needs storage (503) or answers from the code alone.
                Assert.True(NeedNoStorage.Contains(a.Function.Name) && status == HttpStatusCode.OK, $"{a.Name} answered {(int)status}");
            }
        });
        // The organisers' list of an event's registrations: the example of the issue.
        Assert.Contains(answers, a => a.Function.Name == "ListRegistrations" && a.Response.StatusCode == HttpStatusCode.ServiceUnavailable);
    }

    private static async Task<Answer[]> EveryRouteAsync(TestStack stack, Target target)
    {
        var requests = Catalog.Http.SelectMany(f => f.Methods.Select(m => (Function: f, Method: m))).ToArray();
        Assert.True(requests.Length > 20, "The catalogue lists the routes.");
        return await Task.WhenAll(requests.Select(async r =>
        {
            var path = "/api/" + RouteValue().Replace(r.Function.Route, m => m.Groups[1].Value switch
            {
                "eventId" => target.EventId,
                "registrationId" => target.RegistrationId,
                "sector" => "ict",
                "clusterId" => "moravian-ict",
                "invitationId" => "abcdefghijkm",
                _ => "a1b2c3",
            });
            using var request = new HttpRequestMessage(new HttpMethod(r.Method), path + (r.Function.Name == "StopReminders" ? target.UnsubscribeToken : ""));
            // A cluster contact's routes check the profile's (derived) token before anything is read.
            request.Headers.Add("X-Manage-Token", r.Function.Route.StartsWith("clusters/{clusterId}/", StringComparison.Ordinal)
                ? stack.Services.GetRequiredService<RegistrationLinks>().Tokens.ForCluster("moravian-ict")
                : target.Token);
            // The organiser key on every request: routes that open only to a key must reach storage too.
            request.Headers.Add("x-functions-key", TestStack.OrganiserKey);
            if (r.Method is "POST" or "PUT" or "DELETE")
            {
                request.Content = JsonContent.Create(r.Function.Name switch
                {
                    "PutEvent" => Api.Forum(),
                    "Register" => Api.Person("away-too@example.org"),
                    _ => new JsonObject(),
                });
            }
            var response = await stack.Client.SendAsync(request);
            return new Answer($"{r.Method} {r.Function.Name}", r.Function, r.Method, response);
        }));
    }

    /// <summary>The manage token from a manage link, in its query or (as the contract now has it) its fragment.</summary>
    private static string Token(string manageUrl)
    {
        var match = TokenParameter().Match(manageUrl);
        Assert.True(match.Success, "The manage link carries a token.");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    [GeneratedRegex("[?#&]token=([^&#]+)")]
    private static partial Regex TokenParameter();

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex RouteValue();
}
