using System.Diagnostics;
using System.Net;
using Lamina.Core.Crypto;

namespace Lamina.Network.Tests;

/// <summary>Helpers for tests that run real nodes on loopback sockets.</summary>
internal static class TestNet
{
    public const string ChainId = "lamina-test";

    /// <summary>A key from a one-byte seed, so every test run uses the same identities.</summary>
    public static SigningKey Key(byte n)
    {
        var seed = new byte[32];
        seed[0] = n;
        seed[31] = 0x5a;
        return SigningKey.FromSeed(seed);
    }

    public static P2POptions Options(string chainId = ChainId, IReadOnlyList<PersistentPeer>? peers = null, int port = 0) => new()
    {
        ChainId = chainId,
        ListenEndPoint = new IPEndPoint(IPAddress.Loopback, port),
        PersistentPeers = peers ?? [],
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(50),
        MaxReconnectBackoff = TimeSpan.FromMilliseconds(400),
        HandshakeTimeout = TimeSpan.FromSeconds(3),
    };

    public static async Task<P2PNode> StartAsync(byte keySeed, P2POptions? options = null)
    {
        var node = new P2PNode(options ?? Options(), Key(keySeed));
        await node.StartAsync();
        return node;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeoutMs"/>.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.ElapsedMilliseconds > timeoutMs) throw new TimeoutException($"timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }

    public static IPEndPoint EndPoint(P2PNode node) => node.LocalEndPoint!;
}
