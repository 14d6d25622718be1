using CsCheck;
using Lamina.DataAvailability.Coding;

namespace Lamina.DataAvailability.Tests;

public class ReedSolomonCodecTests
{
    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Codeword(ReedSolomonCodec codec, int seed)
    {
        var half = codec.DataShards * codec.ShardSize;
        var codeword = new byte[2 * half];
        RandomBytes(half, seed).CopyTo(codeword, 0);
        codec.Encode(codeword.AsSpan(0, half), codeword.AsSpan(half));
        return codeword;
    }

    private static byte[] Erase(ReedSolomonCodec codec, byte[] codeword, bool[] present)
    {
        var damaged = (byte[])codeword.Clone();
        for (var i = 0; i < present.Length; i++)
        {
            if (!present[i]) Array.Fill(damaged, (byte)0xA5, i * codec.ShardSize, codec.ShardSize);
        }
        return damaged;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void Exactly_k_of_2k_recover_the_codeword_for_every_supported_width(int k)
    {
        var codec = new ReedSolomonCodec(k, 128);
        Assert.Equal(k <= 128 ? 8 : 16, codec.FieldBits);
        var codeword = Codeword(codec, k);
        // Only data, only parity, and alternate shards: each exactly k of 2k.
        Func<int, bool>[] patterns = [i => i < k, i => i >= k, i => (i & 1) == 0];
        foreach (var keep in patterns)
        {
            var present = Enumerable.Range(0, 2 * k).Select(keep).ToArray();
            var damaged = Erase(codec, codeword, present);
            codec.Reconstruct(damaged, present);
            Assert.Equal(codeword, damaged);
        }
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(64, false)]
    [InlineData(16, true)]
    public void Fewer_than_k_shards_is_a_typed_error(int k, bool wide)
    {
        var codec = new ReedSolomonCodec(k, 128, GfIsaSupport.Best, wide);
        var present = Enumerable.Range(0, 2 * k).Select(i => i > k).ToArray();
        var error = Assert.Throws<NotEnoughShardsException>(() => codec.Reconstruct(new byte[2 * k * 128], present));
        Assert.Equal(k - 1, error.Present);
        Assert.Equal(k, error.Needed);
    }

    [Fact]
    public void Any_k_of_the_2k_shards_decode_on_every_instruction_set_and_both_fields()
    {
        var gen =
            from log in Gen.Int[0, 6]
            from wide in Gen.Bool
            from isaIndex in Gen.Int[0, GfIsaSupport.Supported.Count - 1]
            from seed in Gen.Int
            from keys in Gen.Double.Array[2 << log]
            select (k: 1 << log, wide, isa: GfIsaSupport.Supported[isaIndex], seed, keys);
        gen.Sample(c =>
        {
            var codec = new ReedSolomonCodec(c.k, 256, c.isa, c.wide);
            var codeword = Codeword(codec, c.seed);
            // The k shards with the smallest random keys survive: a uniformly random k-subset.
            var order = Enumerable.Range(0, 2 * c.k).OrderBy(i => c.keys[i]).ToArray();
            var present = new bool[2 * c.k];
            for (var i = 0; i < c.k; i++) present[order[i]] = true;
            var damaged = Erase(codec, codeword, present);
            codec.Reconstruct(damaged, present);
            Assert.Equal(codeword, damaged);
        }, iter: 300);
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(128, false)]
    [InlineData(32, true)]
    [InlineData(256, false)]
    public void Scalar_avx2_and_avx512_paths_produce_identical_bytes(int k, bool wide)
    {
        var outputs = new List<(GfIsa Isa, byte[] Codeword, byte[] Repaired)>();
        foreach (var isa in GfIsaSupport.Supported)
        {
            var codec = new ReedSolomonCodec(k, 512, isa, wide);
            var codeword = Codeword(codec, 77);
            var present = Enumerable.Range(0, 2 * k).Select(i => i % 4 is 1 or 2).ToArray();
            var damaged = Erase(codec, codeword, present);
            codec.Reconstruct(damaged, present);
            outputs.Add((isa, codeword, damaged));
        }
        Assert.True(outputs.Count >= 2 || !GfIsaSupport.IsSupported(GfIsa.Avx2), "a vector path must be compared where the CPU has one");
        foreach (var (isa, codeword, repaired) in outputs.Skip(1))
        {
            Assert.True(outputs[0].Codeword.AsSpan().SequenceEqual(codeword), $"{isa} encodes differently from scalar");
            Assert.True(outputs[0].Repaired.AsSpan().SequenceEqual(repaired), $"{isa} repairs differently from scalar");
            Assert.Equal(codeword, repaired);
        }
    }

    [Fact]
    public void The_code_is_systematic_and_parity_depends_on_every_data_shard()
    {
        var codec = new ReedSolomonCodec(16, 128);
        var a = Codeword(codec, 5);
        for (var shard = 0; shard < 16; shard++)
        {
            var b = (byte[])a.Clone();
            b[shard * 128 + 3] ^= 1;
            codec.Encode(b.AsSpan(0, 16 * 128), b.AsSpan(16 * 128));
            for (var p = 16; p < 32; p++) Assert.False(a.AsSpan(p * 128, 128).SequenceEqual(b.AsSpan(p * 128, 128)), $"parity {p} ignores data {shard}");
        }
    }

    [Fact]
    public void Unsupported_shapes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomonCodec(3, 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomonCodec(0, 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomonCodec(4, 100));
    }
}
