using Lamina.Core.Crypto;

namespace Lamina.Network.Tests;

/// <summary>
/// Wire encodings pinned byte for byte. The expected values were computed independently in Python (hashlib and the
/// cryptography package's Ed25519) from the spec in docs/network.md, not by running this code.
/// </summary>
public sealed class GoldenVectorTests
{
    private static readonly byte[] Seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Nonce = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeerNonce = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();

    private const string PublicKeyHex = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private const string HelloHex = "0100010000000b6c616d696e612d74657374" + PublicKeyHex + "6820" + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    private const string AuthHex = "024df948a543bf46fc0ddc03250d8d94b9cec380bf7984c581d2476dfc072597ed81325c10a15b24bc89cd99ac90a37b0470d684a575bff5443c6a08915611850b";

    [Fact]
    public void Hello_encoding()
    {
        using var key = SigningKey.FromSeed(Seed);
        Assert.Equal("0x" + PublicKeyHex, key.PublicKey.ToString());
        var hello = new Hello(1, "lamina-test", key.PublicKey, 26656, Nonce);
        Assert.Equal(HelloHex, Convert.ToHexStringLower(hello.Encode()));
        var back = Hello.Decode(Convert.FromHexString(HelloHex));
        Assert.Equal(hello.ChainId, back.ChainId);
        Assert.Equal(hello.NodeKey, back.NodeKey);
        Assert.Equal((ushort)26656, back.ListenPort);
        Assert.Equal(Nonce, back.Nonce.ToArray());
    }

    [Fact]
    public void Hello_frame_encoding()
    {
        using var key = SigningKey.FromSeed(Seed);
        var frame = FrameCodec.Encode(ChannelIds.Control, new Hello(1, "lamina-test", key.PublicKey, 26656, Nonce).Encode());
        Assert.Equal("00000054" + "00" + HelloHex, Convert.ToHexStringLower(frame));
    }

    [Fact]
    public void Vote_channel_frame_encoding()
    {
        Assert.Equal("0000000403766f7465", Convert.ToHexStringLower(FrameCodec.Encode(ChannelIds.Votes, "vote"u8)));
    }

    [Fact]
    public void Auth_digest_and_signature()
    {
        using var key = SigningKey.FromSeed(Seed);
        Assert.Equal("0x3be5894116c583be4e8b5003b894d4c804f1ec41b1e6588b9360ae7b53ac5501",
            Auth.ChallengeDigest("lamina-test", PeerNonce, key.PublicKey).ToString());
        var auth = Auth.Create(key, "lamina-test", PeerNonce);
        Assert.Equal(AuthHex, Convert.ToHexStringLower(auth.Encode()));
        var back = Auth.Decode(Convert.FromHexString(AuthHex));
        Assert.True(back.Verify("lamina-test", PeerNonce, key.PublicKey));
        Assert.False(back.Verify("lamina-other", PeerNonce, key.PublicKey));
        Assert.False(back.Verify("lamina-test", Nonce, key.PublicKey));
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
    }
}
