using Lamina.DataAvailability.Sampling;

namespace Lamina.DataAvailability.Bench;

/// <summary>
/// Simulated light nodes against an adversary withholding a minimal unrecoverable set ((k+1)² shares): the share of
/// nodes whose s samples hit it, next to 1 − (1 − (k+1)²/(2k)²)^s.
/// </summary>
internal static class DetectionTable
{
    public static void Print(int k, int[] samples, int nodes)
    {
        Console.WriteLine();
        Console.WriteLine($"| s | theory 1 − (1 − (k+1)²/(2k)²)^s, k = {k} | measured ({nodes:N0} light nodes) | 1 − (3/4)^s |");
        Console.WriteLine("|---|---|---|---|");
        var seed = new byte[8];
        foreach (var s in samples)
        {
            var detected = 0;
            for (var node = 0; node < nodes; node++)
            {
                BitConverter.TryWriteBytes(seed, ((long)s << 32) | (uint)node);
                foreach (var (row, column) in SamplingMath.SamplePositions(seed, k, s))
                {
                    if (row > k || column > k) continue;
                    detected++;
                    break;
                }
            }
            Console.WriteLine($"| {s} | {SamplingMath.Confidence(k, s):F6} | {(double)detected / nodes:F6} | {1 - Math.Pow(0.75, s):F6} |");
        }
    }
}
