using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;
using ClustersCord.Worker.Tests.Infrastructure;

namespace ClustersCord.Worker.Tests;

/// <summary>
/// One visitor's and one organiser's journey, sent the same way to the real worker (through the host's
/// routing and proxying, see <see cref="WorkerHost"/>) and to DevHost: every step must answer with the
/// status the contract names, and the worker exactly as DevHost — same status, media type and body shape.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class JourneyTests(WorkerHost worker)
{
    private sealed record Step(string Name, HttpStatusCode Expected, Answer Answer, bool StatusOnly = false);

    [Fact]
    public async Task A_registration_journey_answers_through_the_worker_as_through_DevHost()
    {
        var onWorker = await JourneyAsync(new Side("worker", worker.Client, worker.Organiser));
        var onDevHost = await JourneyAsync(new Side("DevHost", worker.DevHost.Client, worker.DevHost.Organiser));

        Assert.Equal(onDevHost.Select(s => s.Name), onWorker.Select(s => s.Name));
        var differences = new List<string>();
        foreach (var (w, d) in onWorker.Zip(onDevHost))
        {
            if (w.Answer.Status != w.Expected || d.Answer.Status != d.Expected)
            {
                differences.Add($"{w.Name}: expected {(int)w.Expected}; worker {w.Answer}; DevHost {d.Answer}");
            }
            else if (!w.StatusOnly && (w.Answer.MediaType != d.Answer.MediaType || w.Answer.Shape != d.Answer.Shape))
            {
                differences.Add($"{w.Name}:\n  worker  {w.Answer.MediaType} {w.Answer.Shape}\n  DevHost {d.Answer.MediaType} {d.Answer.Shape}");
            }
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static async Task<List<Step>> JourneyAsync(Side side)
    {
        var steps = new List<Step>();
        async Task<Answer> Run(string name, HttpStatusCode expected, Func<Task<HttpResponseMessage>> call, bool statusOnly = false)
        {
            var answer = await Answer.OfAsync(await call());
            steps.Add(new Step(name, expected, answer, statusOnly));
            return answer;
        }

        await Run("health", HttpStatusCode.OK, () => side.Client.GetAsync("/api/health"));

        var eventId = Requests.NewId("forum");
        await Run("create event", HttpStatusCode.Created,
            () => side.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", Requests.Forum(DateTimeOffset.UtcNow.AddDays(30))));
        await Run("programme", HttpStatusCode.OK, () => side.Client.GetAsync("/api/events"));
        await Run("event", HttpStatusCode.OK, () => side.Client.GetAsync($"/api/events/{eventId}"));

        var person = Requests.Person($"journey-{Guid.NewGuid():N}@example.org");
        var registered = await Run("registration", HttpStatusCode.Created, () => side.Client.PostAsJsonAsync($"/api/events/{eventId}/registrations", person));
        Assert.NotNull(registered.Response.Headers.Location);
        await Run("the same again", HttpStatusCode.OK, () => side.Client.PostAsJsonAsync($"/api/events/{eventId}/registrations", person));
        var (id, token) = Requests.Manage(registered.Json);
        await Run("registrant's view", HttpStatusCode.OK, () => side.Client.SendAsync(Requests.WithToken(HttpMethod.Get, $"/api/registrations/{id}", token)));
        await Run("calendar file", HttpStatusCode.OK, () => side.Client.SendAsync(Requests.WithToken(HttpMethod.Get, $"/api/registrations/{id}/calendar.ics", token)));
        await Run("view without the token", HttpStatusCode.NotFound, () => side.Client.GetAsync($"/api/registrations/{id}"));
        await Run("cancel", HttpStatusCode.NoContent, () => side.Client.SendAsync(Requests.WithToken(HttpMethod.Delete, $"/api/registrations/{id}", token)));
        await Run("view after cancelling", HttpStatusCode.OK, () => side.Client.SendAsync(Requests.WithToken(HttpMethod.Get, $"/api/registrations/{id}", token)));

        // The host's key check, not the worker's: the fixture applies the host's rule (as DevHost does), so
        // only the status is compared without a key (the host's 401 has no body, DevHost's is a problem).
        await Run("organiser route without the key", HttpStatusCode.Unauthorized, () => side.Client.GetAsync($"/api/manage/events/{eventId}/registrations"), statusOnly: true);
        await Run("organiser route with the key", HttpStatusCode.OK, () => side.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations"));
        // The audit middleware runs in the worker's pipeline as in DevHost's (one startup filter for both).
        await Run("cancel the event", HttpStatusCode.OK, () => side.Organiser.PostAsync($"/api/manage/events/{eventId}/cancel", null));
        var audit = await Run("audit log", HttpStatusCode.OK, () => side.Organiser.GetAsync("/api/manage/audit?pageSize=100"));
        Assert.Contains(audit.Json["items"]!.AsArray(), e => e!["target"]!.GetValue<string>().Contains(eventId, StringComparison.Ordinal)
            && e["action"]!.GetValue<string>().StartsWith("POST ", StringComparison.Ordinal) && e["action"]!.GetValue<string>().EndsWith("/cancel", StringComparison.Ordinal)
            && e["who"]!.GetValue<string>() == "organiser key" && e["status"]!.GetValue<int>() == 200);

        var clusters = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-clusters.json"));
        await Run("catalogue import", HttpStatusCode.OK,
            () => side.Organiser.PostAsync("/api/manage/clusters/import", new StringContent(clusters, System.Text.Encoding.UTF8, "application/json")));
        var first = await Run("catalogue page 1", HttpStatusCode.OK, () => side.Client.GetAsync("/api/clusters?sector=health&pageSize=2"));
        var continuation = first.Json["continuationToken"]!.GetValue<string>();
        await Run("catalogue page 2", HttpStatusCode.OK,
            () => side.Client.GetAsync("/api/clusters?sector=health&pageSize=2&continuationToken=" + Uri.EscapeDataString(continuation)));
        await Run("catalogue unchanged (If-None-Match)", HttpStatusCode.NotModified, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/clusters?sector=health&pageSize=2");
            request.Headers.IfNoneMatch.Add(first.Response.Headers.ETag!);
            return side.Client.SendAsync(request);
        });

        var report = new MultipartFormDataContent("worker-test-boundary");
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "data", "sample-report.pdf")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        report.Add(file, "file", "sample-report.pdf");
        report.Add(new StringContent("Benchmarking report"), "title");
        report.Add(new StringContent("2026"), "year");
        report.Add(new StringContent("public"), "visibility");
        var uploaded = await Run("report upload", HttpStatusCode.Created, () => side.Organiser.PostAsync("/api/manage/benchmarking/reports", report));
        await Run("reports", HttpStatusCode.OK, () => side.Client.GetAsync("/api/benchmarking/reports"));
        await Run("report content", HttpStatusCode.OK, () => side.Client.GetAsync($"/api/benchmarking/reports/{uploaded.Json["id"]!.GetValue<string>()}/content"));
        return steps;
    }
}
