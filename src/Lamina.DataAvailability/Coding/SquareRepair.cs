using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// Iterative 2D reconstruction: decode every row that has at least k of its 2k shares, then every such column, and
/// repeat until the square is whole or no row or column can make progress.
/// </summary>
public static class SquareRepair
{
    /// <summary>
    /// Fills in the missing shares of <paramref name="shares"/> (2k×2k, row-major; missing ones hold anything) in place.
    /// Throws <see cref="UnrecoverableSquareException"/> if too little remains. With a <paramref name="header"/>, every
    /// row and column is then checked against its root, and a mismatch throws <see cref="BadEncodingException"/>.
    /// </summary>
    public static ExtendedSquare Repair(int originalWidth, byte[] shares, ReadOnlySpan<bool> present, GfIsa isa, DataAvailabilityHeader? header = null, int parallelism = -1)
    {
        var k = originalWidth;
        var width = 2 * k;
        const int size = Share.Size;
        if (shares.Length != width * width * size) throw new ArgumentException($"a {width}-wide square is {width * width * size} bytes", nameof(shares));
        if (present.Length != width * width) throw new ArgumentException($"a {width}-wide square has {width * width} presence flags", nameof(present));
        var have = present.ToArray();
        var codec = new ReedSolomonCodec(k, size, isa);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        var missing = CountMissing(have);
        while (missing > 0)
        {
            // Rows are contiguous, so they decode in place; columns go through a gather buffer.
            Parallel.For(0, width, options, row =>
            {
                var flags = have.AsSpan(row * width, width);
                var count = Count(flags);
                if (count == width || count < k) return;
                codec.Reconstruct(shares.AsSpan(row * width * size, width * size), flags);
                flags.Fill(true);
            });
            Parallel.For(0, width, options, () => (new byte[width * size], new bool[width]), (column, _, scratch) =>
            {
                var (buffer, flags) = scratch;
                var count = 0;
                for (var row = 0; row < width; row++)
                {
                    flags[row] = have[(row * width) + column];
                    count += flags[row] ? 1 : 0;
                }
                if (count == width || count < k) return scratch;
                for (var row = 0; row < width; row++)
                {
                    if (flags[row]) shares.AsSpan(((row * width) + column) * size, size).CopyTo(buffer.AsSpan(row * size));
                }
                codec.Reconstruct(buffer, flags);
                for (var row = 0; row < width; row++)
                {
                    if (have[(row * width) + column]) continue;
                    buffer.AsSpan(row * size, size).CopyTo(shares.AsSpan(((row * width) + column) * size));
                    have[(row * width) + column] = true;
                }
                return scratch;
            }, _ => { });
            var left = CountMissing(have);
            if (left == missing) throw new UnrecoverableSquareException(left, width);
            missing = left;
        }
        var square = new ExtendedSquare(k, shares);
        if (header is not null) CheckAgainst(square, header, parallelism);
        return square;
    }

    private static void CheckAgainst(ExtendedSquare square, DataAvailabilityHeader header, int parallelism)
    {
        if (header.Width != square.Width) throw new ArgumentException($"header is for a {header.Width}-wide square, not {square.Width}", nameof(header));
        var computed = square.ComputeHeader(parallelism);
        for (var i = 0; i < square.Width; i++)
        {
            if (computed.RowRoots[i] != header.RowRoots[i]) throw new BadEncodingException(Axis.Row, i);
        }
        for (var i = 0; i < square.Width; i++)
        {
            if (computed.ColumnRoots[i] != header.ColumnRoots[i]) throw new BadEncodingException(Axis.Column, i);
        }
    }

    private static int Count(ReadOnlySpan<bool> flags)
    {
        var count = 0;
        foreach (var flag in flags) count += flag ? 1 : 0;
        return count;
    }

    private static int CountMissing(bool[] flags) => flags.Length - Count(flags);
}
