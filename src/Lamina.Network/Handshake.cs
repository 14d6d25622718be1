using System.Security.Cryptography;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// The symmetric handshake. Both sides send Hello at once (no initiator/responder roles, so there is no ordering
/// to get wrong), check the other's Hello, then each signs the transcript of both Hellos, which holds the nonce the
/// <em>other</em> side chose and both ephemeral X25519 keys. The keys of the <see cref="SecureSession"/> come from
/// those ephemeral keys and the same transcript. The whole exchange is bounded by one timeout from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public static class Handshake
{
    /// <summary>2: Hello carries an ephemeral X25519 key, Auth signs the transcript, frames are sealed.</summary>
    public const ushort ProtocolVersion = 2;

    /// <summary>
    /// Runs the handshake over <paramref name="stream"/>. <paramref name="admit"/> is asked about the peer's claimed id
    /// before we sign anything for it (bans are checked there). Throws <see cref="PeerProtocolException"/> on refusal,
    /// <see cref="IOException"/> if the connection drops. The caller owns (and disposes) the returned session; every
    /// later frame must be sealed with <see cref="SecureSession.Send"/> and opened with <see cref="SecureSession.Receive"/>.
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
            using var ephemeral = EphemeralKeyExchange.Create();
            var ourHello = new Hello(version, chainId, nodeKey.PublicKey, listenPort, nonce, ephemeral.PublicKey).Encode();
            await WriteControlAsync(stream, ourHello, ct).ConfigureAwait(false);

            var theirHello = await ReadControlAsync(reader, ct).ConfigureAwait(false);
            var theirs = Hello.Decode(theirHello.Span);
            if (theirs.Version != version)
            {
                throw new PeerProtocolException(ProtocolViolation.UnsupportedVersion, $"peer speaks version {theirs.Version}, we speak {version}");
            }
            if (theirs.ChainId != chainId)
            {
                throw new PeerProtocolException(ProtocolViolation.WrongChainId, $"peer is on chain '{theirs.ChainId}', we are on '{chainId}'");
            }
            // Our own ephemeral key coming back is a reflected Hello: the key order (and so the key schedule) would be undefined.
            if (theirs.NodeKey == nodeKey.PublicKey || theirs.Nonce.Span.SequenceEqual(nonce) || theirs.EphemeralKey.Span.SequenceEqual(ephemeral.PublicKey))
            {
                throw new PeerProtocolException(ProtocolViolation.SelfConnection, "the peer is this node");
            }
            var peerId = PeerId.FromPublicKey(theirs.NodeKey);
            if (admit(peerId) is { } refusal)
            {
                throw new PeerProtocolException(refusal, $"peer {peerId} not admitted");
            }

            var transcript = SessionKeys.TranscriptHash(ourHello, ephemeral.PublicKey, theirHello.Span, theirs.EphemeralKey.Span);
            var session = Establish(ephemeral, theirs.EphemeralKey.Span, transcript);
            try
            {
                await WriteControlAsync(stream, Auth.Create(nodeKey, transcript).Encode(), ct).ConfigureAwait(false);
                var auth = Auth.Decode((await ReadControlAsync(reader, ct).ConfigureAwait(false)).Span);
                if (!auth.Verify(transcript, theirs.NodeKey))
                {
                    throw new PeerProtocolException(ProtocolViolation.BadSignature, $"Auth from {peerId} does not verify against its node key and this handshake's transcript");
                }
                return new HandshakeResult(peerId, theirs.NodeKey, theirs.ListenPort, session);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PeerProtocolException(ProtocolViolation.HandshakeTimeout, $"handshake did not finish within {timeout.TotalMilliseconds:F0} ms");
        }
    }

    /// <summary>X25519, then HKDF into the two directional keys; the secrets are wiped once the ciphers hold them.</summary>
    private static SecureSession Establish(EphemeralKeyExchange ephemeral, ReadOnlySpan<byte> theirEphemeral, Hash256 transcript)
    {
        Span<byte> secrets = stackalloc byte[EphemeralKeyExchange.KeySize + 2 * SessionKeys.KeySize];
        try
        {
            var shared = secrets[..EphemeralKeyExchange.KeySize];
            var send = secrets.Slice(EphemeralKeyExchange.KeySize, SessionKeys.KeySize);
            var receive = secrets[(EphemeralKeyExchange.KeySize + SessionKeys.KeySize)..];
            if (!ephemeral.TryAgree(theirEphemeral, shared))
            {
                throw new PeerProtocolException(ProtocolViolation.BadEphemeralKey, "the peer's ephemeral key is a low-order point");
            }
            SessionKeys.Derive(shared, transcript, ephemeral.PublicKey, theirEphemeral, send, receive);
            return new SecureSession(send, receive);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
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
