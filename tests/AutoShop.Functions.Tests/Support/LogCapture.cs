using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AutoShop.Functions.Tests.Support;

/// <summary>One log entry with its template values and the values of every scope it was written in.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Values)
{
    public string? Value(string name) => Values.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public override string ToString() => $"{Level} {Category}: {Message}";
}

/// <summary>
/// Every log entry the app writes (register as an <see cref="ILoggerProvider"/> singleton), so a test can
/// tell which message a log line is about (its scope's <c>MessageId</c>) and what reason it gave.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            capture.scopes.ForEachScope((scope, into) => Add(scope, into), values);
            Add(state, values);
            capture.entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception, values));
        }

        private static void Add(object? state, Dictionary<string, object?> into)
        {
            if (state is not IEnumerable<KeyValuePair<string, object?>> pairs) return;
            foreach (var (key, value) in pairs) into[key] = value;
        }
    }
}
