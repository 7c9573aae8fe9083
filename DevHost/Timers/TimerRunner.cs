using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace ClustersCord.DevHost.Timers;

/// <summary>Runs one timer function in a scope of its own, as one invocation on the Functions host.</summary>
public sealed partial class TimerRunner(IServiceScopeFactory scopes, ILogger<TimerRunner> logger)
{
    public async Task RunAsync(TimerFunction function, bool isPastDue, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        LogStarting(function.Name);
        try
        {
            await FunctionInvoker.InvokeTimerAsync(function, scope.ServiceProvider, new TimerInfo { IsPastDue = isPastDue }, cancellationToken);
            LogCompleted(function.Name);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(function.Name, LoggedException.Describe(e));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Executing timer function {FunctionName}")]
    private partial void LogStarting(string functionName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed timer function {FunctionName}")]
    private partial void LogCompleted(string functionName);

    /// <summary>Described, not attached: an exception's message may echo personal data.</summary>
    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed: {Exception}")]
    private partial void LogFailed(string functionName, string exception);
}
