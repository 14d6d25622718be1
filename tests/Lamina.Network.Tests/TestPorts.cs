using System.Net;
using System.Net.Sockets;

namespace Lamina.Network.Tests;

/// <summary>
/// Ports for tests that must know a listen port before the node binds it (two nodes that dial each other at once).
/// They come from 26000–26999, below Linux's ephemeral range (32768–60999): a kernel-chosen port is free only until
/// the probe closes, and another test's outgoing connection may take it as its local end before the node binds it.
/// Each call moves on, so no port is handed out twice in one run.
/// </summary>
internal static class TestPorts
{
    private const int First = 26_000;
    private const int Last = 26_999;
    private static readonly Lock Gate = new();
    // A start that differs between test processes, so two runs at once rarely probe the same ports first.
    private static int _next = First + Environment.ProcessId % 500;

    public static int Free()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt <= Last - First; attempt++)
            {
                var port = _next;
                _next = _next >= Last ? First : _next + 1;
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken: try the next one.
                }
            }
            throw new InvalidOperationException($"no free port in {First}-{Last}: are other test runs holding them?");
        }
    }
}
