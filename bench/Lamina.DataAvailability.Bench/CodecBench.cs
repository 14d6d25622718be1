using Lamina.DataAvailability.Coding;

namespace Lamina.DataAvailability.Bench;

/// <summary>One-core Reed-Solomon figures in GB/s of original data (k × 512 B per operation), with ISA-L beside them.</summary>
internal static class CodecBench
{
    private const int ShareBytes = 512;

    public static void Run(double seconds, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine("| figure | path | GB/s | ratio |");
        Console.WriteLine("|---|---|---|---|");
        var isalEncode = 0.0;
        var isalDecode = 0.0;
        var isalDecodeCached = 0.0;
        if (IsalPeer.Available)
        {
            for (var i = 0; i < rounds; i++)
            {
                var figures = IsalPeer.Run(128, 128, ShareBytes, seconds);
                isalEncode = Math.Max(isalEncode, figures["encode_gbps"]);
                isalDecode = Math.Max(isalDecode, figures["decode_gbps"]);
                isalDecodeCached = Math.Max(isalDecodeCached, figures["decode_cached_gbps"]);
            }
            Row("RS encode 128+128", "ISA-L (Cauchy, ec_encode_data)", isalEncode, null);
            Row("RS decode 128 from 128 parity", "ISA-L (invert + decode)", isalDecode, null);
            Row("RS decode 128 from 128 parity", "ISA-L (cached inverse, multiply only)", isalDecodeCached, null);
        }
        else
        {
            Console.WriteLine("| ISA-L | not built: run bench/Lamina.DataAvailability.Bench/isal/build-isal-harness.sh | | |");
        }

        var gf8 = new Dictionary<GfIsa, double>();
        foreach (var isa in GfIsaSupport.Supported.Reverse())
        {
            var encode = Encode(128, isa, seconds, rounds);
            gf8[isa] = encode;
            Row("RS encode 128+128", $"Lamina {isa}", encode, isalEncode > 0 ? $"{encode / isalEncode:F1}× ISA-L" : null);
        }
        foreach (var isa in GfIsaSupport.Supported.Reverse())
        {
            var decode = Decode(128, isa, seconds, rounds);
            Row("RS decode 128 from 128 parity", $"Lamina {isa}", decode, isalDecode > 0 ? $"{decode / isalDecode:F1}× ISA-L, {decode / isalDecodeCached:F1}× ISA-L cached" : null);
        }
        var best = GfIsaSupport.Best;
        foreach (var k in new[] { 256, 512 })
        {
            var encode = Encode(k, best, seconds, rounds);
            Row($"RS encode {k}+{k} (GF(2^16))", $"Lamina {best}", encode, $"{encode / gf8[best]:F2}× the GF(2^8) 128+128 path");
            var decode = Decode(k, best, seconds, rounds);
            Row($"RS decode {k} from {k} parity (GF(2^16))", $"Lamina {best}", decode, null);
        }
    }

    private static void Row(string figure, string path, double gbps, string? ratio) =>
        Console.WriteLine($"| {figure} | {path} | {gbps:F3} | {ratio ?? ""} |");

    private static byte[] Codeword(ReedSolomonCodec codec)
    {
        var codeword = new byte[codec.TotalShards * ShareBytes];
        new Random(1).NextBytes(codeword.AsSpan(0, codec.DataShards * ShareBytes));
        return codeword;
    }

    private static double Encode(int k, GfIsa isa, double seconds, int rounds)
    {
        var codec = new ReedSolomonCodec(k, ShareBytes, isa);
        var codeword = Codeword(codec);
        var half = k * ShareBytes;
        var perCall = Measure.Best(rounds, () => Measure.CpuSecondsPerCall(() => codec.Encode(codeword.AsSpan(0, half), codeword.AsSpan(half)), isa == GfIsa.Scalar ? seconds / 2 : seconds));
        return half / perCall / 1e9;
    }

    private static double Decode(int k, GfIsa isa, double seconds, int rounds)
    {
        var codec = new ReedSolomonCodec(k, ShareBytes, isa);
        var codeword = Codeword(codec);
        var half = k * ShareBytes;
        codec.Encode(codeword.AsSpan(0, half), codeword.AsSpan(half));
        var present = new bool[2 * k];
        for (var i = k; i < 2 * k; i++) present[i] = true;
        var perCall = Measure.Best(rounds, () => Measure.CpuSecondsPerCall(() => codec.Reconstruct(codeword, present), isa == GfIsa.Scalar ? seconds / 2 : seconds));
        return half / perCall / 1e9;
    }
}
