using Lamina.Core.Crypto;

namespace Lamina.Core.Tests;

/// <summary>Test vectors from RFC 8032 §7.1 ("Test Vectors for Ed25519"), TEST 1–3 and TEST SHA(abc).</summary>
public sealed class Ed25519Rfc8032Tests
{
    public static TheoryData<string, string, string, string> Vectors => new()
    {
        // TEST 1
        { "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
        // TEST 2
        { "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
          "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
        // TEST 3
        { "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
          "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signs_and_verifies_rfc8032_vectors(string secret, string publicKey, string message, string signature)
    {
        using var key = SigningKey.FromSeed(Hex.Decode(secret));
        Assert.Equal(PublicKey.Parse(publicKey), key.PublicKey);
        var msg = Hex.Decode(message);
        var sig = key.Sign(msg);
        Assert.Equal(Signature.Parse(signature), sig);
        Assert.True(Ed25519.Verify(key.PublicKey, msg, sig));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Rejects_any_flipped_bit_in_signature_or_message(string secret, string publicKey, string message, string signature)
    {
        _ = secret;
        var pub = PublicKey.Parse(publicKey);
        var msg = Hex.Decode(message);
        var sig = Hex.Decode(signature);
        for (var bit = 0; bit < sig.Length * 8; bit += 7)
        {
            var bad = (byte[])sig.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Ed25519.Verify(pub, msg, new Signature(bad)));
        }
        var longer = new byte[msg.Length + 1];
        msg.CopyTo(longer, 0);
        Assert.False(Ed25519.Verify(pub, longer, new Signature(sig)));
    }

    [Fact]
    public void Invalid_public_key_point_fails_verification_instead_of_throwing()
    {
        var notAPoint = new byte[32];
        Array.Fill(notAPoint, (byte)0xFF);
        Assert.False(Ed25519.Verify(new PublicKey(notAPoint), [1, 2, 3], new Signature(new byte[64])));
    }

    [Fact]
    public void Address_is_domain_separated_hash_of_public_key_golden()
    {
        using var key = SigningKey.FromSeed(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        // SHA-256(0x0e ‖ "lamina/address" ‖ pubkey)[0..20], computed independently with Python's hashlib.
        Assert.Equal(Address.Parse(ExpectedAddressOfTest1), key.Address);
    }

    internal const string ExpectedAddressOfTest1 = "0x524ee1f5eaa0573f523ff87902f5826161ecbc9c";
}
