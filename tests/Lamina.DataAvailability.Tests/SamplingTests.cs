using Lamina.DataAvailability.Sampling;

namespace Lamina.DataAvailability.Tests;

public class SamplingTests
{
    private static readonly byte[] Seed = "lamina-da-sampling-test-seed-000"u8.ToArray();

    [Fact]
    public void Positions_are_deterministic_in_the_seed_and_cover_the_square()
    {
        var a = SamplingMath.SamplePositions(Seed, 16, 4000);
        Assert.Equal(a, SamplingMath.SamplePositions(Seed, 16, 4000));
        Assert.NotEqual(a, SamplingMath.SamplePositions("another seed"u8, 16, 4000));
        Assert.All(a, p => Assert.InRange(p.Row, 0, 31));
        Assert.All(a, p => Assert.InRange(p.Column, 0, 31));
        // 4000 draws over 4 quadrants: each gets about a quarter (binomial, σ ≈ 27).
        foreach (var quadrant in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
        {
            var count = a.Count(p => (p.Row / 16, p.Column / 16) == quadrant);
            Assert.InRange(count, 1000 - 150, 1000 + 150);
        }
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(16, 289)]
    [InlineData(512, 263169)]
    public void The_withholding_threshold_is_k_plus_1_squared(int k, long expected) => Assert.Equal(expected, SamplingMath.WithholdingThreshold(k));

    [Fact]
    public void Confidence_tends_to_one_minus_three_quarters_to_the_s()
    {
        Assert.Equal(1 - Math.Pow(0.75, 16), SamplingMath.Confidence(512, 16), 3);
        Assert.True(SamplingMath.Confidence(16, 16) > 1 - Math.Pow(0.75, 16));
        Assert.Equal(1 - Math.Pow(1 - (17.0 * 17 / (32 * 32)), 8), SamplingMath.Confidence(16, 8), 12);
    }

    /// <summary>
    /// An adversary withholds a minimal unrecoverable set, (k+1)² shares; simulated light nodes with s samples each
    /// detect it at the rate the formula predicts, within 5 standard errors.
    /// </summary>
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void Detection_rate_matches_the_formula(int samples)
    {
        const int k = 16;
        const int nodes = 20_000;
        var (rate, theory) = DetectionRate(k, samples, nodes, 1);
        var sigma = Math.Sqrt(theory * (1 - theory) / nodes);
        Assert.InRange(rate, theory - (5 * sigma) - (1.0 / nodes), theory + (5 * sigma) + (1.0 / nodes));
    }

    internal static (double Rate, double Theory) DetectionRate(int k, int samples, int nodes, int seedBase)
    {
        var width = 2 * k;
        // Withhold rows 0..k and columns 0..k: the smallest set that defeats repair.
        var detected = 0;
        var seed = new byte[8];
        for (var node = 0; node < nodes; node++)
        {
            BitConverter.TryWriteBytes(seed, ((long)seedBase << 32) | (uint)node);
            foreach (var (row, column) in SamplingMath.SamplePositions(seed, k, samples))
            {
                if (row <= k && column <= k)
                {
                    detected++;
                    break;
                }
            }
        }
        Assert.Equal(4 * k * k, width * width);
        return ((double)detected / nodes, SamplingMath.Confidence(k, samples));
    }
}
