using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Sampling;

namespace Lamina.DataAvailability.Tests;

/// <summary>
/// The adversary against light nodes: it publishes the header of a real square and serves every share except a
/// withheld set. Light nodes sample through share proofs against the data root; a sample it cannot serve is a
/// detection.
/// </summary>
public class WithholdingTests
{
    private const int K = 8;

    private static (ExtendedSquare Square, DataAvailabilityHeader Header, HashSet<(int, int)> Withheld) Adversary(int withheldCount)
    {
        var (_, square, header) = TestSquares.Build(K, 77);
        // A (k+1)×(k+1) block, minus cells from its last row when fewer are withheld.
        var withheld = new HashSet<(int, int)>();
        for (var row = 0; row <= K && withheld.Count < withheldCount; row++)
        {
            for (var column = 0; column <= K && withheld.Count < withheldCount; column++) withheld.Add((row + 3, column + 5));
        }
        return (square, header, withheld);
    }

    /// <summary>True when a light node with this seed finds a sample the adversary cannot serve with a valid proof.</summary>
    private static bool Detects(ExtendedSquare square, DataAvailabilityHeader header, HashSet<(int, int)> withheld, int samples, int seed)
    {
        foreach (var (row, column) in SamplingMath.SamplePositions(BitConverter.GetBytes(seed), K, samples))
        {
            if (withheld.Contains((row, column))) return true;
            ShareProof.Create(square, header, row, column).Verify(header.DataRoot, square.Share(row, column));
        }
        return false;
    }

    private static void Repair(ExtendedSquare square, DataAvailabilityHeader header, HashSet<(int, int)> withheld)
    {
        var width = square.Width;
        var bytes = square.Bytes.ToArray();
        var present = new bool[width * width];
        for (var i = 0; i < present.Length; i++) present[i] = !withheld.Contains((i / width, i % width));
        var repaired = SquareRepair.Repair(K, bytes, present, GfIsaSupport.Best, header);
        Assert.True(square.Bytes.SequenceEqual(repaired.Bytes));
    }

    [Fact]
    public void Just_under_the_threshold_the_data_is_still_recovered()
    {
        var (square, header, withheld) = Adversary((int)SamplingMath.WithholdingThreshold(K) - 1);
        Repair(square, header, withheld);
    }

    [Fact]
    public void Just_over_the_threshold_repair_fails_and_sampling_detects_it_at_the_predicted_rate()
    {
        var (square, header, withheld) = Adversary((int)SamplingMath.WithholdingThreshold(K));
        Assert.Throws<UnrecoverableSquareException>(() => Repair(square, header, withheld));
        const int nodes = 400;
        const int samples = 16;
        var detected = Enumerable.Range(0, nodes).Count(seed => Detects(square, header, withheld, samples, seed));
        var theory = SamplingMath.Confidence(K, samples);
        var sigma = Math.Sqrt(theory * (1 - theory) / nodes);
        Assert.InRange((double)detected / nodes, theory - (5 * sigma), 1.0);
    }
}
