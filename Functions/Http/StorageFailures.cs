using Azure;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Http;

/// <summary>
/// The app's one mapping from an exception to an HTTP answer; every HTTP function runs inside
/// <see cref="GuardAsync"/>, so the Functions host and DevHost answer a failure alike (DevHost adds no
/// handler of its own). Storage away or overloaded and timeouts are a 503 with <c>Retry-After</c>: nothing
/// was acknowledged, so nothing is lost and the caller can retry. A request body over the host's limit is
/// the 413 Kestrel meant. Anything else is a 500 problem. Every failure is logged without the exception's
/// message (see <see cref="LoggedException"/>) and no answer carries a stack trace.
/// </summary>
public static partial class StorageFailures
{
    public static async Task<IActionResult> GuardAsync(
        ILogger logger, Func<Task<IActionResult>> handler, [System.Runtime.CompilerServices.CallerMemberName] string function = "")
    {
        try
        {
            return await handler();
        }
        catch (Exception e)
        {
            return Answer(logger, function, e);
        }
    }

    /// <summary>The problem answer for an exception a function did not handle, logged.</summary>
    public static IActionResult Answer(ILogger logger, string function, Exception exception)
    {
        switch (exception)
        {
            case StorageContentionException:
                LogContention(logger, function, LoggedException.Describe(exception));
                return ApiResults.ServiceUnavailable("Too many changes at once; please try again.");
            case BadHttpRequestException bad:
                // Kestrel refusing the body (over MaxRequestBodySize: 413) or the request's framing (400).
                LogBadRequest(logger, function, bad.StatusCode, LoggedException.Describe(exception));
                return bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? ApiResults.Problem(413, "Payload Too Large", "The body is larger than this API accepts.")
                    : ApiResults.Problem(bad.StatusCode, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(bad.StatusCode), "The request could not be read.");
            case TimeoutException or OperationCanceledException:
                LogTimedOut(logger, function, LoggedException.Describe(exception));
                return ApiResults.ServiceUnavailable("The request did not complete in time; please try again.", ProblemTypes.Timeout);
            case var e when IsUnavailable(e):
                LogUnavailable(logger, function, (e as RequestFailedException)?.Status ?? 0, LoggedException.Describe(e));
                return ApiResults.ServiceUnavailable("Storage does not answer; please try again.");
            default:
                LogUnhandled(logger, function, LoggedException.Describe(exception));
                return ApiResults.Problem(500, "Internal Server Error", "The request failed; it has been logged.");
        }
    }

    // Storage away, overloaded (429), timing out, or not as the app needs it (StorageAnswerPolicy): the
    // caller can retry. The SDK's retries end in an AggregateException of what each attempt met.
    private static bool IsUnavailable(Exception e) => e switch
    {
        // A transaction's inner answer is not seen by StorageAnswerPolicy: a table gone is a 404 in it.
        RequestFailedException { Status: 404, ErrorCode: { } code } when StorageAnswerPolicy.MissingResourceCodes.Contains(code) => true,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsUnavailable),
        HttpRequestException or TimeoutException or TaskCanceledException => true,
        _ => false,
    };

    // The exception is described, not attached: its message may echo personal data (see LoggedException).
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: registration contention exhausted its retries: {Exception}")]
    private static partial void LogContention(ILogger logger, string function, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: storage unavailable (status {Status}): {Exception}")]
    private static partial void LogUnavailable(ILogger logger, string function, int status, string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: timed out: {Exception}")]
    private static partial void LogTimedOut(ILogger logger, string function, string exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: request refused by the server (status {Status}): {Exception}")]
    private static partial void LogBadRequest(ILogger logger, string function, int status, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: unhandled exception, answered 500: {Exception}")]
    private static partial void LogUnhandled(ILogger logger, string function, string exception);
}
