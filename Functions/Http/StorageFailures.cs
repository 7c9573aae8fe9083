using Azure;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Http;

/// <summary>
/// Turns storage being away or overloaded into a 503 the caller can retry, instead of a 500. Nothing
/// was acknowledged, so nothing is lost.
/// </summary>
public static partial class StorageFailures
{
    public static async Task<IActionResult> GuardAsync(ILogger logger, Func<Task<IActionResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (StorageContentionException e)
        {
            LogContention(logger, LoggedException.Describe(e));
            return ApiResults.ServiceUnavailable("Too many changes at once; please try again.");
        }
        catch (RequestFailedException e) when (IsUnavailable(e))
        {
            LogUnavailable(logger, e.Status, LoggedException.Describe(e));
            return ApiResults.ServiceUnavailable("Storage does not answer; please try again.");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(IsUnavailable))
        {
            LogUnavailable(logger, 0, LoggedException.Describe(e));
            return ApiResults.ServiceUnavailable("Storage does not answer; please try again.");
        }
    }

    // Storage away, overloaded (429), timing out, or not as the app needs it (StorageAnswerPolicy): the
    // caller can retry. The SDK's retries end in an AggregateException of what each attempt met.
    private static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutException or TaskCanceledException => true,
        _ => false,
    };

    // The exception is described, not attached: its message may echo personal data (see LoggedException).
    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration contention exhausted its retries: {Exception}")]
    private static partial void LogContention(ILogger logger, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage unavailable (status {Status}): {Exception}")]
    private static partial void LogUnavailable(ILogger logger, int status, string exception);
}
