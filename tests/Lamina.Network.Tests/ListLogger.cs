using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lamina.Network.Tests;

/// <summary>Keeps every log line, so a test can tell which protocol rule a connection was closed under.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Lines.Enqueue(formatter(state, exception));
}
