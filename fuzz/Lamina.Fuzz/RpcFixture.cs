using Lamina.Node.Rpc;
using Microsoft.Extensions.Logging;

namespace Lamina.Fuzz;

/// <summary>
/// <see cref="JsonRpcServer"/> over <see cref="DevChain"/>. The server turns a method's unexpected exception into a
/// JSON-RPC internal error and logs it as a bug; the logger here throws instead, so such a bug is a fuzz crash.
/// </summary>
public static class RpcFixture
{
    private static readonly Lazy<JsonRpcServer> Server = new(() => new JsonRpcServer([new L1RpcMethods(DevChain.Build())], new CrashOnErrorLogger()));

    public static JsonRpcServer Shared => Server.Value;

    private sealed class CrashOnErrorLogger : ILogger<JsonRpcServer>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                throw new FuzzFindingException($"RPC internal error: {formatter(state, exception)}: {exception?.GetType().Name}: {exception?.Message}", exception);
            }
        }
    }
}
