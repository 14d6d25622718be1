using System.Security.Cryptography;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// The symmetric handshake. Both sides send Hello at once (no initiator/responder roles, so there is no ordering
/// to get wrong), check the other's Hello, then each signs the nonce the <em>other</em> side chose. The whole
/// exchange is bounded by one timeout from the injected <see cref="TimeProvider"/>.
/// </summary>
public static class Handshake
{
    public const ushort ProtocolVersion = 1;

    /// <summary>
    /// Runs the handshake over <paramref name="stream"/>. <paramref name="admit"/> is asked about the peer's claimed id
    /// before we sign anything for it (bans are checked there). Throws <see cref="PeerProtocolException"/> on refusal,
    /// <see cref="IOException"/> if the connection drops.
    /// </summary>
    public static async Task<HandshakeResult> RunAsync(
        Stream stream,
        SigningKey nodeKey,
        string chainId,
        ushort listenPort,
        Func<PeerId, ProtocolViolation?> admit,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken,
        ushort version = ProtocolVersion)
    {
        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var ct = linked.Token;
        try
        {
            var reader = new FrameReader(stream, HandshakeLimits);
            var nonce = RandomNumberGenerator.GetBytes(Hello.NonceSize);
            var ours = new Hello(version, chainId, nodeKey.PublicKey, listenPort, nonce);
            await WriteControlAsync(stream, ours.Encode(), ct).ConfigureAwait(false);

            var theirs = Hello.Decode((await ReadControlAsync(reader, ct).ConfigureAwait(false)).Span);
            if (theirs.Version != version)
            {
                throw new PeerProtocolException(ProtocolViolation.UnsupportedVersion, $"peer speaks version {theirs.Version}, we speak {version}");
            }
            if (theirs.ChainId != chainId)
            {
                throw new PeerProtocolException(ProtocolViolation.WrongChainId, $"peer is on chain '{theirs.ChainId}', we are on '{chainId}'");
            }
            if (theirs.NodeKey == nodeKey.PublicKey || theirs.Nonce.Span.SequenceEqual(nonce))
            {
                throw new PeerProtocolException(ProtocolViolation.SelfConnection, "the peer is this node");
            }
            var peerId = PeerId.FromPublicKey(theirs.NodeKey);
            if (admit(peerId) is { } refusal)
            {
                throw new PeerProtocolException(refusal, $"peer {peerId} not admitted");
            }

            await WriteControlAsync(stream, Auth.Create(nodeKey, chainId, theirs.Nonce.Span).Encode(), ct).ConfigureAwait(false);
            var auth = Auth.Decode((await ReadControlAsync(reader, ct).ConfigureAwait(false)).Span);
            if (!auth.Verify(chainId, nonce, theirs.NodeKey))
            {
                throw new PeerProtocolException(ProtocolViolation.BadSignature, $"Auth from {peerId} does not verify against its node key");
            }
            return new HandshakeResult(peerId, theirs.NodeKey, theirs.ListenPort);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PeerProtocolException(ProtocolViolation.HandshakeTimeout, $"handshake did not finish within {timeout.TotalMilliseconds:F0} ms");
        }
    }

    /// <summary>Before authentication only channel 0 exists, so an unauthenticated peer can send at most 256-byte frames.</summary>
    private static readonly ChannelLimits HandshakeLimits = new();

    private static async Task WriteControlAsync(Stream stream, byte[] payload, CancellationToken ct)
    {
        await stream.WriteAsync(FrameCodec.Encode(ChannelIds.Control, payload), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadControlAsync(FrameReader reader, CancellationToken ct)
    {
        var frame = await reader.ReadAsync(ct).ConfigureAwait(false)
            ?? throw new IOException("connection closed during the handshake");
        return frame.Payload;
    }
}
