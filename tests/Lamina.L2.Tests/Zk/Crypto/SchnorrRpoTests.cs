using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Tests.Zk.Crypto;

public sealed class SchnorrRpoTests
{
    private static ZkSigningKey Key(byte b) => ZkSigningKey.FromSeed(Enumerable.Repeat(b, ZkSigningKey.SeedSize).ToArray());

    private static RpoDigest Message(ulong v) => Rpo256.HashElements([Felt.FromU64(v), 1u, 2u]);

    [Fact]
    public void Signatures_verify_under_the_signing_key_only()
    {
        ZkSigningKey alice = Key(1), bob = Key(2);
        var rng = new TestRng(11);
        for (int i = 0; i < 6; i++)
        {
            RpoDigest m = Message(rng.NextU64());
            ZkSignature sig = alice.Sign(m);
            Assert.True(SchnorrRpo.Verify(alice.PublicKey, m, sig));
            Assert.False(SchnorrRpo.Verify(bob.PublicKey, m, sig));
            Assert.False(SchnorrRpo.Verify(alice.PublicKey, Message(rng.NextU64()), sig));
            Assert.False(SchnorrRpo.Verify(alice.PublicKey, m, new ZkSignature(sig.R, ZkScalar.Reduce(sig.S + 1))));
            Assert.False(SchnorrRpo.Verify(alice.PublicKey, m, new ZkSignature(sig.R + Fp5.One, sig.S)));
        }
    }

    [Fact]
    public void A_zero_commitment_never_verifies()
    {
        ZkSigningKey alice = Key(1);
        RpoDigest m = Message(5);
        Assert.False(SchnorrRpo.Verify(alice.PublicKey, m, new ZkSignature(Fp5.Zero, BigInteger.Zero)));
    }

    [Fact]
    public void Signing_is_deterministic_and_the_encoding_round_trips()
    {
        ZkSigningKey alice = Key(3);
        RpoDigest m = Message(99);
        ZkSignature a = alice.Sign(m), b = alice.Sign(m);
        Assert.Equal(a, b);
        Assert.Equal(a, new ZkSignature(a.ToArray()));
        Assert.Equal(alice.PublicKey, new ZkPublicKey(alice.PublicKey.ToArray()));
    }

    /// <summary>Golden vector of this scheme (no third-party Schnorr-over-ECgFp5-with-RPO vectors exist; the curve itself is pinned by Pornin's).</summary>
    [Fact]
    public void Golden_key_and_signature()
    {
        ZkSigningKey key = Key(0x42);
        ZkSignature sig = key.Sign(Message(7));
        Assert.Equal(GoldenPublicKey, key.PublicKey.ToString());
        Assert.Equal(GoldenSignature, Convert.ToHexStringLower(sig.ToArray()));
    }

    private const string GoldenPublicKey = "f85aa9e1526154c667347e8c94f194f0a1d53ccaeba527d7c8dad9d5e6669a060c36449de13dded4";
    private const string GoldenSignature =
        "bddb6807ea38255c61a63e102b4b4b48d1e77878ce9f09ca6fd2cb501818c4a77509a4fe5557f67db6660c0fd9caf29811321cef3d4c11ad893384971176c41ee8d480f59da245732accf2759123c668";

    [Fact]
    public void Malformed_keys_and_signatures_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ZkPublicKey(new byte[39]));
        Assert.Throws<ArgumentException>(() => new ZkPublicKey(new byte[40])); // the neutral
        byte[] nonCanonical = new byte[40];
        Array.Fill(nonCanonical, (byte)0xff);
        Assert.Throws<ArgumentException>(() => new ZkPublicKey(nonCanonical));
        // A canonical field element that is not a group encoding (Pornin's first invalid vector).
        byte[] offCurve = Fp5.FromCanonical(13557832913345268708, 15669280705791538619, 8534654657267986396, 12533218303838131749, 5058070698878426028).ToBytes();
        Assert.Throws<ArgumentException>(() => new ZkPublicKey(offCurve));

        byte[] sig = Key(1).Sign(Message(1)).ToArray();
        Assert.Throws<ArgumentException>(() => new ZkSignature(sig.AsSpan(0, 79)));
        byte[] bigS = (byte[])sig.Clone();
        Array.Fill(bigS, (byte)0xff, 40, 40);
        Assert.Throws<ArgumentException>(() => new ZkSignature(bigS));
        byte[] orderS = (byte[])sig.Clone();
        ZkScalar.Order.TryWriteBytes(orderS.AsSpan(40), out _, isUnsigned: true);
        Assert.Throws<ArgumentException>(() => new ZkSignature(orderS));
    }
}
