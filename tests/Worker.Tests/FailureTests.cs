using System.Net;
using ClustersCord.Worker.Tests.Infrastructure;

namespace ClustersCord.Worker.Tests;

/// <summary>
/// Failures answered through the worker by the app's one handler (Functions/Http/StorageFailures.cs): an
/// exception the function has no case for is a logged 500 problem, storage away a 503 problem with
/// Retry-After; never the host's empty 500, a stack trace or the exception's message.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class FailureTests(WorkerHost worker)
{
    [Fact]
    public async Task An_unhandled_exception_answers_the_apps_500_problem_and_is_logged()
    {
        var answer = await WithTablesAsync(StorageSwitch.Mode.Refusing, () => worker.Client.GetAsync("/api/events/" + Requests.NewId("unknown")));

        Assert.True(answer.Status == HttpStatusCode.InternalServerError, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(500, answer.Json["status"]!.GetValue<int>());
        Assert.EndsWith("/internal-error", answer.Json["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidInput", answer.Body, StringComparison.Ordinal);
        await Functions.Tests.Infrastructure.Eventually.TrueAsync(
            () => worker.Channel.Logs.Any(l => l["level"]?.GetValue<string>() == "Error"
                && l["message"]?.GetValue<string>()?.Contains(": unhandled exception, answered 500", StringComparison.Ordinal) == true),
            "the worker logged the unhandled exception at Error");
    }

    [Fact]
    public async Task Storage_away_answers_503_with_Retry_After()
    {
        var answer = await WithTablesAsync(StorageSwitch.Mode.Away, () => worker.Client.GetAsync("/api/events/" + Requests.NewId("unknown")));

        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.NotNull(answer.Response.Headers.RetryAfter);
        Assert.EndsWith("/storage-unavailable", answer.Json["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<Answer> WithTablesAsync(StorageSwitch.Mode mode, Func<Task<HttpResponseMessage>> call)
    {
        worker.Tables.State = mode;
        try
        {
            return await Answer.OfAsync(await call());
        }
        finally
        {
            worker.Tables.State = StorageSwitch.Mode.Up;
        }
    }
}
