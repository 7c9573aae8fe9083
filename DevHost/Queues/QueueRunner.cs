using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Storage.Queues.Models;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Http;

namespace ClustersCord.DevHost.Queues;

/// <param name="Completed">Messages whose function returned.</param>
/// <param name="Failed">Failed attempts (each retried at once, as with the host's visibilityTimeout of zero).</param>
/// <param name="Poisoned">Messages moved to the poison queue after maxDequeueCount failed attempts.</param>
public sealed record QueueDrain(int Completed, int Failed, int Poisoned);

/// <summary>
/// Runs queue-triggered functions as the Functions host does: one invocation per message in a scope of its
/// own, the message deleted when the function returns, made visible again when it throws, and moved to
/// <c>{queue}-poison</c> once it has failed <c>maxDequeueCount</c> times; the messages of one batch
/// (<c>batchSize</c>) run at once. Runs never overlap.
/// </summary>
public sealed partial class QueueRunner(
    QueueFunctions functions,
    EmailQueues queues,
    ClustersCord.Domain.Email.IEmailQueue emailQueue,
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    ILogger<QueueRunner> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Processes every message visible now (and retries of those that fail), until the queues are empty.</summary>
    public async Task<QueueDrain> DrainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Registration emails are gathered in memory for a moment before their message is written: a
            // drain asked for now (tests, /admin/queues/drain) first waits until those gathered are on the queue.
            if (emailQueue is StorageEmailQueue gathering)
            {
                await gathering.FlushAsync().WaitAsync(cancellationToken);
            }
            var total = new QueueDrain(0, 0, 0);
            foreach (var function in functions.All)
            {
                var drained = await DrainAsync(function, cancellationToken);
                total = new QueueDrain(total.Completed + drained.Completed, total.Failed + drained.Failed, total.Poisoned + drained.Poisoned);
            }
            return total;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<QueueDrain> DrainAsync(QueueFunction function, CancellationToken cancellationToken)
    {
        var name = Resolve(function.QueueSetting);
        var queue = await queues.GetAsync(name, cancellationToken);
        var counts = new int[3]; // completed, failed, poisoned
        while (true)
        {
            QueueMessage[] messages = (await queue.ReceiveMessagesAsync(functions.BatchSize, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (messages.Length == 0)
            {
                return new QueueDrain(counts[0], counts[1], counts[2]);
            }
            // A batch runs concurrently, as the host runs up to batchSize invocations per queue at once.
            await Task.WhenAll(messages.Select(message => ProcessAsync(function, name, queue, message, counts, cancellationToken)));
        }
    }

    private async Task ProcessAsync(QueueFunction function, string name, Azure.Storage.Queues.QueueClient queue, QueueMessage message, int[] counts, CancellationToken cancellationToken)
    {
        try
        {
            await InvokeAsync(function, message.Body.ToString(), cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            Interlocked.Increment(ref counts[0]);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref counts[1]);
            LogFailed(function.Name, (int)message.DequeueCount, LoggedException.Describe(e));
            if (message.DequeueCount >= functions.MaxDequeueCount)
            {
                var poison = await queues.GetAsync(name + EmailQueues.PoisonSuffix, cancellationToken);
                await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                Interlocked.Increment(ref counts[2]);
                LogPoisoned(function.Name, (int)message.DequeueCount);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }
        }
    }

    private async Task InvokeAsync(QueueFunction function, string body, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(CancellationToken) ? (object)cancellationToken
                : p.ParameterType == typeof(string) ? body
                : throw new NotSupportedException($"DevHost cannot bind parameter '{p.Name}' of {function.Name}."))
            .ToArray();
        try
        {
            if (method.Invoke(instance, arguments) is Task task)
            {
                await task;
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }

    /// <summary>Throws, naming the setting, when a queue trigger's <c>%setting%</c> has no value.</summary>
    public void CheckQueueSettings()
    {
        foreach (var function in functions.All)
        {
            Resolve(function.QueueSetting);
        }
    }

    private string Resolve(string queueSetting) => SettingReference().Replace(queueSetting, m =>
        configuration[m.Groups[1].Value] ?? throw new InvalidOperationException($"Queue setting '{m.Groups[1].Value}' is not configured."));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();

    /// <summary>Described, not attached: an exception's message may echo personal data.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue function {FunctionName} failed (attempt {DequeueCount}): {Exception}")]
    private partial void LogFailed(string functionName, int dequeueCount, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue function {FunctionName}: message moved to the poison queue after {DequeueCount} attempts")]
    private partial void LogPoisoned(string functionName, int dequeueCount);
}
