using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Network.Tests;

/// <summary>
/// Wire encodings pinned byte for byte. The expected values were computed independently in Python (hashlib and the
/// cryptography package's Ed25519, X25519, HKDF and ChaCha20-Poly1305; golden/gen_vectors.py) from the spec in
/// docs/network.md, not by running this code.
/// </summary>
public sealed class GoldenVectorTests
{
    private static readonly byte[] Seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Nonce = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeerNonce = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeerSeed = Enumerable.Range(0xa0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] EphemeralPrivate = Enumerable.Range(0x60, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeerEphemeralPrivate = Enumerable.Range(0x80, 32).Select(i => (byte)i).ToArray();

    private const string PublicKeyHex = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private const string EphemeralHex = "675dd574ed7789310b3d2e7681f3790b466c773b1521fecf36577958371ea52f";
    private const string PeerEphemeralHex = "493e82fc74464a59268817623d2053c5eb8e2cc4a988b4fee179ec6b010d531d";
    private const string HelloHex = "0100020000000b6c616d696e612d74657374" + PublicKeyHex + "6820" + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" + EphemeralHex;
    private const string TranscriptHex = "f322cc6cff30431929fd8916ca4cd4aa126281a28ee5c33b15328d3b2fbb3678";
    private const string AuthHex = "025d0ec8567b311ced0321278031d9faeea7f4a99b9a099494d0758a199342b59e5f9b44d49fe2629492b435874d2405a7fe0d927e52b93d0f5bd00c942c3c350b";
    private const string SharedSecretHex = "fbfb11adeb1d6f71c0571bc1b5dd87519f9a6620b10a5ebc314cbd420c43ba43";
    private const string SendKeyHex = "af610e465261d710ab24e23ad6bc819061a3d9512ae417119d59d9f751231e2a";
    private const string ReceiveKeyHex = "6bd66e58ace5513c9b178a38cb8c59dec7511bbcfb87a0b1b5772fcbda056e02";

    private static Hello OurHello(PublicKey key) => new(2, "lamina-test", key, 26656, Nonce, Convert.FromHexString(EphemeralHex));

    private static byte[] PeerHello()
    {
        using var peer = SigningKey.FromSeed(PeerSeed);
        return new Hello(2, "lamina-test", peer.PublicKey, 26657, PeerNonce, Convert.FromHexString(PeerEphemeralHex)).Encode();
    }

    [Fact]
    public void Hello_encoding()
    {
        using var key = SigningKey.FromSeed(Seed);
        Assert.Equal("0x" + PublicKeyHex, key.PublicKey.ToString());
        var hello = OurHello(key.PublicKey);
        Assert.Equal(HelloHex, Convert.ToHexStringLower(hello.Encode()));
        var back = Hello.Decode(Convert.FromHexString(HelloHex));
        Assert.Equal(hello.ChainId, back.ChainId);
        Assert.Equal(hello.NodeKey, back.NodeKey);
        Assert.Equal((ushort)26656, back.ListenPort);
        Assert.Equal(Nonce, back.Nonce.ToArray());
        Assert.Equal(EphemeralHex, Convert.ToHexStringLower(back.EphemeralKey.Span));
    }

    [Fact]
    public void Hello_frame_encoding()
    {
        using var key = SigningKey.FromSeed(Seed);
        var frame = FrameCodec.Encode(ChannelIds.Control, OurHello(key.PublicKey).Encode());
        Assert.Equal("00000074" + "00" + HelloHex, Convert.ToHexStringLower(frame));
    }

    [Fact]
    public void Vote_channel_frame_encoding()
    {
        Assert.Equal("0000000403766f7465", Convert.ToHexStringLower(FrameCodec.Encode(ChannelIds.Votes, "vote"u8)));
    }

    [Fact]
    public void Ephemeral_public_keys()
    {
        using var ours = EphemeralKeyExchange.FromPrivateKey(EphemeralPrivate);
        using var theirs = EphemeralKeyExchange.FromPrivateKey(PeerEphemeralPrivate);
        Assert.Equal(EphemeralHex, Convert.ToHexStringLower(ours.PublicKey));
        Assert.Equal(PeerEphemeralHex, Convert.ToHexStringLower(theirs.PublicKey));
    }

    [Fact]
    public void Transcript_is_the_same_from_both_sides()
    {
        using var key = SigningKey.FromSeed(Seed);
        var ours = OurHello(key.PublicKey).Encode();
        var theirs = PeerHello();
        var ourEphemeral = Convert.FromHexString(EphemeralHex);
        var theirEphemeral = Convert.FromHexString(PeerEphemeralHex);
        Assert.Equal("0x" + TranscriptHex, SessionKeys.TranscriptHash(ours, ourEphemeral, theirs, theirEphemeral).ToString());
        Assert.Equal("0x" + TranscriptHex, SessionKeys.TranscriptHash(theirs, theirEphemeral, ours, ourEphemeral).ToString());
    }

    [Fact]
    public void Auth_digest_and_signature()
    {
        using var key = SigningKey.FromSeed(Seed);
        var transcript = Hash256.Parse("0x" + TranscriptHex);
        Assert.Equal("0x70639c8d00e648096d0127310c5f67ab2ae28ec4fe244dd32fb0b0e90eb76b89", Auth.ChallengeDigest(transcript, key.PublicKey).ToString());
        var auth = Auth.Create(key, transcript);
        Assert.Equal(AuthHex, Convert.ToHexStringLower(auth.Encode()));
        var back = Auth.Decode(Convert.FromHexString(AuthHex));
        Assert.True(back.Verify(transcript, key.PublicKey));
        using var peer = SigningKey.FromSeed(PeerSeed);
        Assert.False(back.Verify(transcript, peer.PublicKey));
        Assert.False(back.Verify(Hash256.Zero, key.PublicKey));
    }

    [Fact]
    public void Shared_secret_and_directional_keys()
    {
        using var ours = EphemeralKeyExchange.FromPrivateKey(EphemeralPrivate);
        using var theirs = EphemeralKeyExchange.FromPrivateKey(PeerEphemeralPrivate);
        var shared = new byte[32];
        var sharedTheirs = new byte[32];
        Assert.True(ours.TryAgree(theirs.PublicKey, shared));
        Assert.True(theirs.TryAgree(ours.PublicKey, sharedTheirs));
        Assert.Equal(SharedSecretHex, Convert.ToHexStringLower(shared));
        Assert.Equal(shared, sharedTheirs);

        var transcript = Hash256.Parse("0x" + TranscriptHex);
        var send = new byte[32];
        var receive = new byte[32];
        SessionKeys.Derive(shared, transcript, ours.PublicKey, theirs.PublicKey, send, receive);
        Assert.Equal(SendKeyHex, Convert.ToHexStringLower(send));
        Assert.Equal(ReceiveKeyHex, Convert.ToHexStringLower(receive));
        // The other side derives the same pair, swapped: what we send is what it receives, and the directions differ.
        var theirSend = new byte[32];
        var theirReceive = new byte[32];
        SessionKeys.Derive(shared, transcript, theirs.PublicKey, ours.PublicKey, theirSend, theirReceive);
        Assert.Equal(send, theirReceive);
        Assert.Equal(receive, theirSend);
        Assert.NotEqual(send, receive);
    }

    [Fact]
    public async Task Sealed_frames()
    {
        using var session = new SecureSession(Convert.FromHexString(SendKeyHex), Convert.FromHexString(ReceiveKeyHex));
        // The same plaintext sealed twice differs: the counter is the nonce.
        Assert.Equal("0000000403e4ac3d6345a8a97eca43f11a6d28f69bd63e81af", Convert.ToHexStringLower(session.Send.SealFrame(ChannelIds.Votes, "vote"u8)));
        Assert.Equal("000000040364cc1d3709a58a544e222b7b8004059b7d33dfaf", Convert.ToHexStringLower(session.Send.SealFrame(ChannelIds.Votes, "vote"u8)));
        Assert.Equal(2UL, session.Send.NextCounter);
        // A ping the peer sealed with its send key (our receive key) at its counter 0.
        var reader = new FrameReader(new MemoryStream(Convert.FromHexString("0000000100a4462234a18d71d03f55385bd736cda5b1")), new ChannelLimits(), session.Receive);
        var frame = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(ChannelIds.Control, frame!.Value.Channel);
        Assert.Equal(new byte[] { (byte)ControlMessageType.Ping }, frame.Value.Payload.ToArray());
    }

    [Theory]
    [InlineData(2047, "4930b438ab4b8fe9f1384460070d75de6e54fd0dc13c06174e04960b8dbefd3f")]
    [InlineData(2048, "955b7a8ca8a8c0a3a6f796ce994cb663fc23bc7f5edc2ac66aa904adc44a970a")]
    [InlineData(4096, "1e761def9973ab2566d54a6e47bed3c3b13ed05620533f993bf0dc26d1f560fb")]
    public async Task Sealed_frames_either_side_of_the_libsodium_openssl_threshold(int size, string sha256)
    {
        // Sealed at counter 2; both implementations (libsodium below 2048 bytes, OpenSSL from it, libsodium only when
        // told not to use OpenSSL) must give the vector's bytes, and each must open what the other sealed.
        var payload = Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray();
        foreach (var (sealWithOpenSsl, openWithOpenSsl) in new[] { (true, true), (false, false), (true, false), (false, true) })
        {
            using var sender = new FrameCipher(Convert.FromHexString(SendKeyHex), 2, sealWithOpenSsl);
            var sealedFrame = sender.SealFrame(ChannelIds.BlockParts, payload);
            Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sealedFrame)));
            using var receiver = new FrameCipher(Convert.FromHexString(SendKeyHex), 2, openWithOpenSsl);
            var frame = await new FrameReader(new MemoryStream(sealedFrame), ChannelLimits.Default(), receiver).ReadAsync(CancellationToken.None);
            Assert.Equal(payload, frame!.Value.Payload.ToArray());
        }
    }

    [Fact]
    public void Node_id_is_the_address_of_the_node_key()
    {
        using var key = SigningKey.FromSeed(Seed);
        Assert.Equal("0x961d2158098143d9db4d2290a895438b67b3270f", PeerId.FromPublicKey(key.PublicKey).ToString());
    }

    [Fact]
    public void Gossip_key()
    {
        Assert.Equal("0x9f778301be7cc9973da81e816d1e69cca073a91a7505393c5a49f86a0cd33449", GossipSeenSet.KeyOf(ChannelIds.Votes, "vote"u8).ToString());
    }

    [Fact]
    public void Hello_and_auth_decoders_refuse_trailing_bytes_and_wrong_types()
    {
        var hello = Convert.FromHexString(HelloHex);
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => Hello.Decode([.. hello, 0])).Reason);
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => Hello.Decode(hello[..^1])).Reason);
        Assert.Equal(ProtocolViolation.UnexpectedMessage, Assert.Throws<PeerProtocolException>(() => Auth.Decode(hello)).Reason);
        var auth = Convert.FromHexString(AuthHex);
        Assert.Equal(ProtocolViolation.UnexpectedMessage, Assert.Throws<PeerProtocolException>(() => Hello.Decode(auth)).Reason);
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => Auth.Decode([.. auth, 1])).Reason);
        // Another version is refused as such before the rest is parsed: its layout may differ (v1 had no ephemeral key).
        var v1 = (byte[])hello.Clone();
        v1[2] = 1;
        Assert.Equal(ProtocolViolation.UnsupportedVersion, Assert.Throws<PeerProtocolException>(() => Hello.Decode(v1[..^32])).Reason);
        // X25519 ignores the top bit; a key with it set is another encoding of a key, so it is refused.
        var highBit = (byte[])hello.Clone();
        highBit[^1] |= 0x80;
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => Hello.Decode(highBit)).Reason);
        var unreduced = (byte[])hello.Clone();
        unreduced[^32] = 0xee;
        unreduced.AsSpan(hello.Length - 31, 30).Fill(0xff);
        unreduced[^1] = 0x7f; // 2^255 − 18 ≥ p
        Assert.Equal(ProtocolViolation.MalformedMessage, Assert.Throws<PeerProtocolException>(() => Hello.Decode(unreduced)).Reason);
    }
}
