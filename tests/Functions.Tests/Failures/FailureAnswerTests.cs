using System.Text;
using Azure;
using ClustersCord.Domain.Registrations;
using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Tests.Infrastructure;
using ClustersCord.Functions.Tests.Trust;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests.Failures;

/// <summary>
/// Every HTTP function answers its failures through the app's one handler, so DevHost (which adds no
/// handler of its own) answers as the Functions host would: a problem, never an empty 500, a stack trace
/// or the exception's message, and a log line without that message either.
/// </summary>
public sealed class FailureAnswerTests
{
    [Theory]
    [InlineData("TableNotFound", 503)]
    [InlineData("QueueNotFound", 503)]
    [InlineData("ResourceNotFound", 500)]
    public void A_table_gone_inside_a_transaction_is_storage_unavailable(string code, int status)
    {
        // A transaction's inner 404 never passes StorageAnswerPolicy: the handler must tell it apart itself.
        var answer = Http.StorageFailures.Answer(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "Put",
            new RequestFailedException(404, "The table specified does not exist.", code, null));

        Assert.Equal(status, Assert.IsType<Http.JsonActionResult>(answer).StatusCode);
    }

    // Answer without any port that can be made to throw: the health check has its own storage probe, topics are constant.
    private static readonly HashSet<string> Untouched = ["Health", "ListTopics"];

    private static readonly string[] MediaTypes = ["application/json", "text/csv", "multipart/form-data; boundary=b", "application/x-www-form-urlencoded"];

    private static async Task<(int Status, string? ContentType, string Body, string? RetryAfter)> CallAsync(TestStack stack, HttpFunction function, string method)
    {
        // Route values the functions take as well formed, so each gets as far as its ports.
        var path = "/api/" + function.Route.Replace("{sector}", "ict").Replace("{eventId}", "forum")
            .Replace("{registrationId}", "forum.abcdefghijklmnopqrst").Replace("{invitationId}", "abcdefghijkl")
            .Replace("{clusterId}", "cluster").Replace("{reportId}", "report");
        if (function.Name == "StopReminders")
        {
            // Its link carries the unsubscribe token, checked before anything is read.
            var registrationId = "forum.abcdefghijklmnopqrst";
            path += "?token=" + new ManageToken(Encoding.UTF8.GetBytes("test-token-secret-of-at-least-32-characters")).ForUnsubscribe(registrationId);
        }
        // Last, no body at all: for the routes that refuse one (415 to every media type).
        foreach (var mediaType in method is "POST" or "PUT" or "PATCH" ? MediaTypes.Cast<string?>().Append(null).ToArray() : new string?[] { null })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("x-functions-key", TestStack.OrganiserKey);
            // A cluster contact's routes check the profile's (derived) token before anything is read.
            request.Headers.Add("X-Manage-Token", function.Route.StartsWith("clusters/{clusterId}/", StringComparison.Ordinal)
                ? new ManageToken(Encoding.UTF8.GetBytes("test-token-secret-of-at-least-32-characters")).ForCluster("cluster")
                : "a-token");
            if (mediaType is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
            }
            using var response = await stack.Client.SendAsync(request);
            var answer = ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(),
                response.Headers.RetryAfter?.ToString());
            if (answer.Item1 != 415)
            {
                return answer;
            }
        }
        return (415, null, "", null);
    }

    private static IEnumerable<(HttpFunction Function, string Method)> Calls(TestStack stack)
        => stack.Services.GetRequiredService<FunctionCatalog>().Http
            .SelectMany(f => f.Methods.Where(m => m != "HEAD").Select(m => (f, m)));

    [Fact]
    public async Task Every_http_function_that_throws_answers_the_apps_problem_500_without_its_message()
    {
        var logs = new LogCapture();
        var stack = new TestStack
        {
            ConfigureHost = builder =>
            {
                ThrowingServices.Install(builder, () => new InvalidOperationException($"Duplicate key {ThrowingServices.SecretInMessage}"));
                builder.Logging.AddProvider(logs);
            },
        };
        await stack.InitializeAsync();
        try
        {
            var failures = new List<string>();
            foreach (var (function, method) in Calls(stack).Where(c => !Untouched.Contains(c.Function.Name)))
            {
                var (status, contentType, body, _) = await CallAsync(stack, function, method);
                if (status != 500 || contentType != "application/problem+json" || !body.Contains("\"status\":500") || body.Contains(ThrowingServices.SecretInMessage)
                    || body.Contains(" at ", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {function.Name}: {status} {contentType} {body}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.Contains(logs.Records, r => r.Level == LogLevel.Error && r.Text.Contains("unhandled exception, answered 500", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Records, r => r.Text.Contains(ThrowingServices.SecretInMessage, StringComparison.Ordinal));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    public static TheoryData<string> Retryable() => ["storage", "timeout", "http-timeout"];

    [Theory]
    [MemberData(nameof(Retryable))]
    public async Task Storage_failures_and_timeouts_answer_503_with_Retry_After(string kind)
    {
        Func<Exception> failure = kind switch
        {
            "storage" => () => new RequestFailedException(503, $"Server busy {ThrowingServices.SecretInMessage}"),
            "timeout" => () => new TimeoutException(ThrowingServices.SecretInMessage),
            _ => () => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()),
        };
        var stack = new TestStack { ConfigureHost = builder => ThrowingServices.Install(builder, failure) };
        await stack.InitializeAsync();
        try
        {
            var failures = new List<string>();
            foreach (var (function, method) in Calls(stack).Where(c => !Untouched.Contains(c.Function.Name)))
            {
                var (status, contentType, body, retryAfter) = await CallAsync(stack, function, method);
                if (status != 503 || contentType != "application/problem+json" || retryAfter is null || body.Contains(ThrowingServices.SecretInMessage))
                {
                    failures.Add($"{method} {function.Name}: {status} {contentType} Retry-After {retryAfter} {body}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }
}
