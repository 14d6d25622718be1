using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Sampling;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

public class RepairTests
{
    private static (byte[] Damaged, bool[] Present) Withhold(ExtendedSquare square, Func<int, int, bool> withheld)
    {
        var width = square.Width;
        var damaged = square.Bytes.ToArray();
        var present = new bool[width * width];
        for (var row = 0; row < width; row++)
        {
            for (var column = 0; column < width; column++)
            {
                present[(row * width) + column] = !withheld(row, column);
                if (withheld(row, column)) damaged.AsSpan(((row * width) + column) * Share.Size, Share.Size).Fill(0xEE);
            }
        }
        return (damaged, present);
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
    public void The_original_quadrant_alone_repairs_the_whole_square(int k)
    {
        var (square, extended, header) = TestSquares.Build(k, k + 100);
        var (damaged, present) = Withhold(extended, (row, column) => row >= k || column >= k);
        var repaired = SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, header);
        Assert.True(extended.Bytes.SequenceEqual(repaired.Bytes));
        Assert.Equal(square.ExtractBlobs().Count, DataSquare.FromShares(k, Quadrant(repaired)).ExtractBlobs().Count);
    }

    [Fact]
    public void A_gf16_square_k256_repairs_from_its_parity_quadrant()
    {
        const int k = 256;
        // No header here: the full-size case checks the code, the roots are checked by the smaller squares.
        var extended = ExtendedSquare.Extend(DataSquare.FromBlobs(TestSquares.BlobsFor(k, 5)), GfIsaSupport.Best);
        var (damaged, present) = Withhold(extended, (row, column) => row < k || column < k);
        var repaired = SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best);
        Assert.True(extended.Bytes.SequenceEqual(repaired.Bytes));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(8, 3)]
    [InlineData(16, 4)]
    [InlineData(32, 5)]
    public void Any_random_set_of_fewer_than_k_plus_1_squared_missing_shares_is_repaired(int k, int seed)
    {
        var (_, extended, header) = TestSquares.Build(k, seed);
        var width = 2 * k;
        var random = new Random(seed);
        for (var trial = 0; trial < 5; trial++)
        {
            var missing = new HashSet<int>();
            var target = (int)SamplingMath.WithholdingThreshold(k) - 1;
            while (missing.Count < target) missing.Add(random.Next(width * width));
            var (damaged, present) = Withhold(extended, (row, column) => missing.Contains((row * width) + column));
            var repaired = SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, header);
            Assert.True(extended.Bytes.SequenceEqual(repaired.Bytes));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(64)]
    public void Withholding_just_under_the_threshold_still_repairs_and_at_it_fails_with_a_typed_error(int k)
    {
        var (_, extended, header) = TestSquares.Build(k, 11);
        // (k+1)×(k+1) withheld, at scattered rows and columns: every affected row and column lacks k+1 > k shares.
        var rows = Enumerable.Range(0, k + 1).Select(i => ((i * 5) + 1) % (2 * k)).ToHashSet();
        var columns = Enumerable.Range(0, k + 1).Select(i => (i * 3) % (2 * k)).ToHashSet();
        Assert.Equal(k + 1, rows.Count);
        Assert.Equal(k + 1, columns.Count);
        var (stuck, stuckPresent) = Withhold(extended, (row, column) => rows.Contains(row) && columns.Contains(column));
        var error = Assert.Throws<UnrecoverableSquareException>(() => SquareRepair.Repair(k, stuck, stuckPresent, GfIsaSupport.Best, header));
        Assert.Equal(SamplingMath.WithholdingThreshold(k), error.Missing);

        // One share fewer, (k+1)² − 1: its row now has k shares, decodes, and unlocks every column.
        var (row0, column0) = (rows.First(), columns.First());
        var (damaged, present) = Withhold(extended, (row, column) => rows.Contains(row) && columns.Contains(column) && (row, column) != (row0, column0));
        var repaired = SquareRepair.Repair(k, damaged, present, GfIsaSupport.Best, header);
        Assert.True(extended.Bytes.SequenceEqual(repaired.Bytes));
    }

    [Fact]
    public void Repair_against_a_header_of_other_data_reports_bad_encoding()
    {
        var (_, extended, _) = TestSquares.Build(8, 1);
        var (_, _, otherHeader) = TestSquares.Build(8, 2);
        var (damaged, present) = Withhold(extended, (row, column) => row >= 8);
        var error = Assert.Throws<BadEncodingException>(() => SquareRepair.Repair(8, damaged, present, GfIsaSupport.Best, otherHeader));
        Assert.Equal(Axis.Row, error.Axis);
    }

    private static byte[] Quadrant(ExtendedSquare square)
    {
        var k = square.OriginalWidth;
        var bytes = new byte[k * k * Share.Size];
        for (var row = 0; row < k; row++) square.Bytes.Slice(row * square.Width * Share.Size, k * Share.Size).CopyTo(bytes.AsSpan(row * k * Share.Size));
        return bytes;
    }
}
