using System.Diagnostics;
using Lamina.Stark.Commitments;

namespace Lamina.Stark.Bench;

/// <summary>
/// Single-thread SHA-256 throughput of the commitment hasher, libcrypto against the managed eight-lane path, for
/// the two message shapes the prover hashes most: trace rows (tag ‖ 114 field elements = 913 bytes) and Merkle
/// nodes (tag ‖ two digests = 65 bytes). Figures are message bytes per CPU second (tag included), comparable to
/// <c>openssl speed -evp sha256</c>.
/// </summary>
internal static class HashThroughput
{
    public static void Run()
    {
        Console.WriteLine($"libcrypto available: {OpenSslSha256.IsAvailable}");
        foreach (int length in new[] { 912, 64, 768, 96 })
        {
            foreach (StarkHasher hasher in new[] { StarkHasher.Sha256, StarkHasher.ManagedSha256 })
            {
                Measure(hasher, length);
            }
        }
    }

    private static void Measure(StarkHasher hasher, int length)
    {
        const int count = 4096;
        byte[] data = new byte[count * length];
        new Random(1).NextBytes(data);
        byte[] output = new byte[count * Digest32.Length];
        hasher.HashBatch(StarkHasher.LeafTag, data, length, output);
        int rounds = Math.Max(4, (256 << 20) / data.Length);
        double best = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (int trial = 0; trial < 5; trial++)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            for (int r = 0; r < rounds / 5; r++)
            {
                hasher.HashBatch(StarkHasher.LeafTag, data, length, output);
            }
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        double bytes = (double)(rounds / 5) * count * (length + 1);
        Console.WriteLine($"{(hasher.UsesOpenSsl ? "libcrypto" : "managed  ")} {length + 1,4}-byte messages: " +
            $"{bytes / best / 1e9:F3} GB/s per CPU second, {best * 1e9 / ((rounds / 5) * count):F0} ns per message (best of 5)");
    }
}
