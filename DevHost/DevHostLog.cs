namespace ClustersCord.DevHost;

/// <summary>DevHost's own log lines.</summary>
internal static partial class DevHostLog
{
    /// <summary>
    /// The endpoint's name, not the request's path (it may hold ids and links); a description of the
    /// exception, not its message (it may echo personal data).
    /// </summary>
    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Endpoint}, answered {Status}: {Exception}")]
    public static partial void Unhandled(ILogger logger, string endpoint, int status, string exception);
}
