using Azure;

namespace ClustersCord.Functions.Http;

/// <summary>
/// What of an exception goes into a log line: its type, where it was thrown, and for storage and HTTP
/// failures the status and error code. Never its message: the Azure SDK's echoes the response content
/// (entity keys and values), others echo their arguments (a dictionary's duplicate key may be an email).
/// </summary>
public static class LoggedException
{
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException e => $"{Where(e)} (status {e.Status}, error code {e.ErrorCode ?? "none"})",
        HttpRequestException e => $"{Where(e)} ({e.HttpRequestError}, status {(e.StatusCode is { } status ? (int)status : 0)})",
        AggregateException e => $"{Where(e)} [{string.Join("; ", e.InnerExceptions.Select(Describe))}]",
        { InnerException: { } inner } e => $"{Where(e)} <- {Describe(inner)}",
        var e => Where(e),
    };

    private static string Where(Exception e)
        => e.TargetSite is { DeclaringType: { } type } method ? $"{e.GetType().FullName} at {type.FullName}.{method.Name}" : e.GetType().FullName ?? "Exception";
}
