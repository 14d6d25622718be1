using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

/// <summary>The byte slices DA nodes store and answer from: one column top to bottom, and the original quadrant.</summary>
public sealed class ExtendedSquareSliceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void The_original_quadrant_is_the_data_square_it_was_extended_from(int k)
    {
        var (square, extended, _) = TestSquares.Build(k, seed: 11);
        Assert.Equal(square.Bytes.ToArray(), extended.OriginalShares());
    }

    [Fact]
    public void A_column_holds_its_2k_shares_top_to_bottom()
    {
        var (_, extended, _) = TestSquares.Build(4, seed: 12);
        for (var column = 0; column < extended.Width; column++)
        {
            var shares = extended.ColumnShares(column);
            Assert.Equal(extended.Width * Share.Size, shares.Length);
            for (var row = 0; row < extended.Width; row++)
                Assert.Equal(extended.Share(row, column).ToArray(), shares.AsSpan(row * Share.Size, Share.Size).ToArray());
        }
    }
}
