using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Support;

/// <summary>Keeps the node quiet during tests but records every Warning-or-worse entry, so tests can assert "no internal error was logged".</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public IEnumerable<string> Errors => ErrorsSince(0);

    /// <summary>A position in the log; <see cref="ErrorsSince"/> then reports only what came after it.</summary>
    public int Mark() => Entries.Count;

    public IEnumerable<string> ErrorsSince(int mark)
        => Entries.Skip(mark).Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
        }
    }
}
