using System.Diagnostics;
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
        var extend = Measure.Best(rounds, () => Time(() =>
        {
            extended = ExtendedSquare.Extend(square, GfIsaSupport.Best, cores);
            header = extended.ComputeHeader(cores);
        }));
        var extendOnly = Measure.Best(rounds, () => Time(() => ExtendedSquare.Extend(square, GfIsaSupport.Best, cores)));

        var width = 2 * k;
        var present = new bool[width * width];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < k; column++) present[(row * width) + column] = true;
        }
        var repair = Measure.Best(rounds, () =>
        {
            var damaged = extended!.Bytes.ToArray();
            return Time(() => SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, null, cores));
        });
        var repairChecked = Measure.Best(rounds, () =>
        {
            var damaged = extended!.Bytes.ToArray();
            return Time(() => SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, header, cores));
        });

        Console.WriteLine();
        Console.WriteLine("| figure (k = 128, 2 cores) | ms | aim |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| extend to 256×256 + 512 NMT roots + data root | {extend * 1e3:F1} | ≤ 150 ms |");
        Console.WriteLine($"| of which the Reed-Solomon extension | {extendOnly * 1e3:F1} | |");
        Console.WriteLine($"| 2D repair from the original quadrant (25%) | {repair * 1e3:F1} ({repair / extend:F2}× extend) | ≤ 3× extend |");
        Console.WriteLine($"| 2D repair from 25% + checking all 512 roots | {repairChecked * 1e3:F1} ({repairChecked / extend:F2}× extend) | |");
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }
}
