using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;

namespace Lamina.Stark.Tests;

/// <summary>Stark's values on Lamina.Core's codec: same bytes as before, Core's errors on bad input.</summary>
public class CoreCodecTests
{
    [Fact]
    public void Digest32_round_trips_through_the_core_codec_and_hash256_with_the_same_bytes()
    {
        byte[] bytes = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var digest = new Digest32(bytes);
        Assert.Equal(bytes, Canonical.Encode(digest));
        Assert.Equal(digest, Canonical.Decode<Digest32>(bytes));
        Hash256 hash = digest.ToHash256();
        Assert.Equal(bytes, hash.ToArray());
        Assert.Equal(digest, Digest32.FromHash256(hash));
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<Digest32>(bytes.AsSpan(0, 31))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<Digest32>([.. bytes, 0])).Error);
    }

    [Fact]
    public void RpoDigest_codec_matches_ToBytes_and_refuses_non_canonical_elements()
    {
        RpoDigest digest = Rpo256.HashElements([1u, 2u, 3u]);
        byte[] bytes = Canonical.Encode(digest);
        Assert.Equal(digest.ToBytes(), bytes);
        Assert.Equal(digest, Canonical.Decode<RpoDigest>(bytes));
        byte[] bad = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(bad.AsSpan(16), Felt.Modulus);
        var e = Assert.Throws<CodecException>(() => Canonical.Decode<RpoDigest>(bad));
        Assert.Equal(CodecError.NonCanonical, e.Error);
        Assert.Equal(16, e.Offset);
    }

    [Fact]
    public void Proof_decoder_wraps_the_codec_error_in_a_typed_rejection()
    {
        byte[] header = [.. "LSTK"u8.ToArray(), ProofCodec.Version, 2, 4, 0, 2, 2, 1];
        var truncated = Assert.Throws<InvalidProofException>(() => ProofCodec.Decode(header));
        Assert.Equal(ProofRejection.Malformed, truncated.Reason);
        Assert.Equal(CodecError.Truncated, Assert.IsType<CodecException>(truncated.InnerException).Error);
        Assert.Equal(truncated.InnerException!.Message, truncated.Message);

        var badMagic = Assert.Throws<InvalidProofException>(() => ProofCodec.Decode([.. "LSTX"u8.ToArray(), .. header[4..]]));
        Assert.Equal(ProofRejection.UnsupportedVersion, badMagic.Reason);

        byte[] badOptions = [.. header];
        badOptions[5] = 9; // log2(blowup) above 7
        var options = Assert.Throws<InvalidProofException>(() => ProofCodec.Decode(badOptions));
        Assert.Equal(ProofRejection.Malformed, options.Reason);
        Assert.Equal(CodecError.InvalidValue, Assert.IsType<CodecException>(options.InnerException).Error);
    }

    [Fact]
    public void Production_assembly_ships_no_examples_or_fuzz_entry_points()
    {
        var names = typeof(ProofCodec).Assembly.GetTypes().Select(t => t.FullName).ToHashSet();
        Assert.DoesNotContain("Lamina.Stark.Examples.FibonacciAir", names);
        Assert.DoesNotContain("Lamina.Stark.Examples.RpoHashChainAir", names);
        Assert.DoesNotContain(names, n => n!.StartsWith("Lamina.Stark.Fuzzing.", StringComparison.Ordinal));
        // The reusable gadgets stay, under their original names.
        Assert.Contains("Lamina.Stark.Examples.RpoMerklePathAir", names);
        Assert.Contains("Lamina.Stark.Examples.RpoPermutationConstraints", names);
    }
}
