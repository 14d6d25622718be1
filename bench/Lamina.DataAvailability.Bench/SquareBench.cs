using System.Security.Cryptography;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Bench;

/// <summary>Whole-square figures on 2 cores: extend k = 128 with all 512 NMT roots and the data root; repair from 25%.</summary>
internal static class SquareBench
{
    public static void Run(int rounds)
    {
        const int k = 128;
        const int cores = 2;
        var random = new Random(7);
        var blobs = new List<Blob>();
        for (var i = 0; i < 64; i++)
        {
            var id = new byte[Namespace.IdSize];
            id[^1] = (byte)(i / 4);
            var data = new byte[(k * k / 64 * Share.ContinuationCapacity) - 600];
            random.NextBytes(data);
            blobs.Add(new Blob(Namespace.User(id), data));
        }
        var square = DataSquare.FromBlobs(blobs);
        if (square.Width != k) throw new InvalidOperationException($"expected a {k}-wide square, got {square.Width}");

        ExtendedSquare? extended = null;
        DataAvailabilityHeader? header = null;
        var extend = Best(rounds, () => Measure.WallAndCpu(() =>
        {
            extended = ExtendedSquare.Extend(square, GfIsaSupport.Best, cores);
            header = extended.ComputeHeader(cores);
        }));
        var extendOnly = Best(rounds, () => Measure.WallAndCpu(() => ExtendedSquare.Extend(square, GfIsaSupport.Best, cores)));

        var width = 2 * k;
        var present = new bool[width * width];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < k; column++) present[(row * width) + column] = true;
        }
        var repair = Best(rounds, () =>
        {
            var damaged = extended!.Bytes.ToArray();
            return Measure.WallAndCpu(() => SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, null, cores));
        });
        var repairChecked = Best(rounds, () =>
        {
            var damaged = extended!.Bytes.ToArray();
            return Measure.WallAndCpu(() => SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, header, cores));
        });
        var floor = HashFloorSeconds(width) / cores;

        Console.WriteLine();
        Console.WriteLine($"| figure (k = {k}, {cores} threads) | wall ms | CPU ms (all threads) | CPU / {cores} ms | aim |");
        Console.WriteLine("|---|---|---|---|---|");
        Print("extend to 256×256 + 512 NMT roots + data root", extend, cores, "≤ 150 ms");
        Print("of which the Reed-Solomon extension", extendOnly, cores, "");
        Print("2D repair from the original quadrant (25%)", repair, cores, $"≤ 3× extend: {repair.Cpu / extend.Cpu:F2}× (CPU)");
        Print("2D repair from 25% + checking all 512 roots", repairChecked, cores, $"{repairChecked.Cpu / extend.Cpu:F2}× extend (CPU)");
        Console.WriteLine($"| SHA-256 floor of the 512 roots (this machine's one-shot SHA-256 rate, same run) | | | {floor * 1e3:F1} | |");
    }

    private static void Print(string figure, (double Wall, double Cpu) time, int cores, string aim) =>
        Console.WriteLine($"| {figure} | {time.Wall * 1e3:F1} | {time.Cpu * 1e3:F1} | {time.Cpu / cores * 1e3:F1} | {aim} |");

    private static (double Wall, double Cpu) Best(int rounds, Func<(double Wall, double Cpu)> round)
    {
        var best = (Wall: double.MaxValue, Cpu: double.MaxValue);
        for (var i = 0; i < rounds; i++)
        {
            var time = round();
            if (time.Cpu < best.Cpu) best = time;
        }
        return best;
    }

    /// <summary>CPU seconds one thread needs to SHA-256 what the roots hash: every leaf (tag ‖ ns ‖ share) and inner node.</summary>
    private static double HashFloorSeconds(int width)
    {
        var leafBytes = 1 + DataAvailabilityTags.NmtLeaf.Name.Length + Namespace.Size + Share.Size;
        var nodeBytes = 1 + DataAvailabilityTags.NmtNode.Name.Length + (2 * Nmt.NmtNode.Size);
        var leaf = new byte[leafBytes];
        var node = new byte[nodeBytes];
        var digest = new byte[32];
        var leafTime = Measure.CpuSecondsPerCall(() => { for (var i = 0; i < 1000; i++) SHA256.HashData(leaf, digest); }, 0.2) / 1000;
        var nodeTime = Measure.CpuSecondsPerCall(() => { for (var i = 0; i < 1000; i++) SHA256.HashData(node, digest); }, 0.2) / 1000;
        return (width * width * leafTime) + (2.0 * width * (width - 1) * nodeTime);
    }
}
