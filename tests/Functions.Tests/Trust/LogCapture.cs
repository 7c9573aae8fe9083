using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>Every log record of a host, as text: the formatted message, the structured values and the exception whole.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> _records = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Text)> Records => _records.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            records.Enqueue((category, logLevel, $"{formatter(state, exception)}\n{values}\n{exception}"));
        }
    }
}
