using System.Security.Cryptography;
using Lamina.Core.Crypto;

namespace Lamina.Core.Tests;

/// <summary>
/// Domain-separated SHA-256 is plain SHA-256 of [tag length] ‖ tag ‖ message, whichever path computes it: OpenSSL's
/// low-level calls for short messages where available, the platform's one-shot otherwise.
/// </summary>
public sealed class DomainHasherTests
{
    [Fact]
    public void The_short_message_path_is_active_on_linux()
    {
        // The node runs on Linux with OpenSSL; without the fast path every tree node would cost the one-shot's overhead.
        Assert.Equal(OperatingSystem.IsLinux(), OpenSslSha256.IsAvailable);
    }

    [Fact]
    public void Every_length_across_both_paths_equals_the_platform_sha256()
    {
        var tag = DomainTags.SmtNode;
        var message = new byte[700];
        for (var i = 0; i < message.Length; i++) message[i] = unchecked((byte)(i * 31 + 7));
        for (var length = 0; length <= message.Length; length++)
        {
            var expected = SHA256.HashData([.. tag.Prefix, .. message.AsSpan(0, length)]);
            Assert.Equal(new Hash256(expected), DomainHasher.Hash(tag, message.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Split_parts_hash_as_their_concatenation()
    {
        var a = new byte[] { 1, 2, 3 };
        var b = new byte[64];
        var c = new byte[600];
        b.AsSpan().Fill(0xAB);
        c.AsSpan().Fill(0xCD);
        Assert.Equal(DomainHasher.Hash(DomainTags.TxId, [.. a, .. b]), DomainHasher.Hash(DomainTags.TxId, a, b));
        Assert.Equal(DomainHasher.Hash(DomainTags.TxId, [.. a, .. b, .. c]), DomainHasher.Hash(DomainTags.TxId, a, b, c));
    }

    [Fact]
    public void Openssl_low_level_sha256_matches_the_fips_180_examples()
    {
        if (!OpenSslSha256.IsAvailable)
        {
            Assert.False(OperatingSystem.IsLinux(), "the low-level path must be available on Linux");
            return;
        }
        // FIPS 180-2, appendix B.1 and B.2 (one and two blocks).
        Span<byte> digest = stackalloc byte[32];
        OpenSslSha256.Hash("abc"u8, digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
        OpenSslSha256.Hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8, digest);
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Convert.ToHexStringLower(digest));
        Assert.Throws<ArgumentException>(() => OpenSslSha256.Hash(new byte[OpenSslSha256.MaxInput + 1], new byte[32]));
    }
}
