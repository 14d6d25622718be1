using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// The 2k×2k extended square, row-major: the original k×k quadrant at the top left, row parity to its right, column
/// parity below. Rows are extended first, then every column (parity columns included), so the bottom-right quadrant
/// is both the column extension of the row parity and, by linearity, the row extension of the column parity.
/// </summary>
public sealed class ExtendedSquare
{
    private readonly byte[] _shares;

    internal ExtendedSquare(int originalWidth, byte[] shares)
    {
        OriginalWidth = originalWidth;
        _shares = shares;
    }

    /// <summary>k.</summary>
    public int OriginalWidth { get; }

    /// <summary>2k.</summary>
    public int Width => 2 * OriginalWidth;

    public ReadOnlySpan<byte> Bytes => _shares;
    internal byte[] Buffer => _shares;

    public ReadOnlySpan<byte> Share(int row, int column) => _shares.AsSpan(((row * Width) + column) * Shares.Share.Size, Shares.Share.Size);

    /// <summary>A column's 2k shares, top to bottom: what a DA node stores and serves for one column.</summary>
    public byte[] ColumnShares(int column)
    {
        var shares = new byte[Width * Shares.Share.Size];
        for (var row = 0; row < Width; row++) Share(row, column).CopyTo(shares.AsSpan(row * Shares.Share.Size));
        return shares;
    }

    /// <summary>The original k×k quadrant's shares, row-major (the data square the blobs were laid into).</summary>
    public byte[] OriginalShares()
    {
        var rowBytes = OriginalWidth * Shares.Share.Size;
        var original = new byte[OriginalWidth * rowBytes];
        for (var row = 0; row < OriginalWidth; row++) _shares.AsSpan(row * Width * Shares.Share.Size, rowBytes).CopyTo(original.AsSpan(row * rowBytes));
        return original;
    }

    /// <summary>The namespace a position's leaf carries in the row and column trees.</summary>
    public Namespace LeafNamespace(int row, int column) =>
        row < OriginalWidth && column < OriginalWidth ? new Namespace(Share(row, column)[..Namespace.Size]) : Namespace.Parity;

    public static Namespace LeafNamespace(int row, int column, int originalWidth, ReadOnlySpan<byte> share) =>
        row < originalWidth && column < originalWidth ? new Namespace(share[..Namespace.Size]) : Namespace.Parity;

    /// <summary>Extends a data square; <paramref name="parallelism"/> caps the threads (1 for deterministic timing).</summary>
    public static ExtendedSquare Extend(DataSquare square, GfIsa isa, int parallelism = -1)
    {
        var k = square.Width;
        var width = 2 * k;
        const int size = Shares.Share.Size;
        var shares = new byte[width * width * size];
        var source = square.Bytes;
        for (var row = 0; row < k; row++) source.Slice(row * k * size, k * size).CopyTo(shares.AsSpan(row * width * size));
        var codec = new ReedSolomonCodec(k, size, isa);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        // A row's data and parity halves are each contiguous: encode in place.
        Parallel.For(0, k, options, row =>
        {
            var start = row * width * size;
            codec.Encode(shares.AsSpan(start, k * size), shares.AsSpan(start + (k * size), k * size));
        });
        Parallel.For(0, width, options, () => new byte[2 * k * size], (column, _, buffer) =>
        {
            for (var row = 0; row < k; row++) shares.AsSpan(((row * width) + column) * size, size).CopyTo(buffer.AsSpan(row * size));
            codec.Encode(buffer.AsSpan(0, k * size), buffer.AsSpan(k * size));
            for (var row = k; row < width; row++) buffer.AsSpan(row * size, size).CopyTo(shares.AsSpan(((row * width) + column) * size));
            return buffer;
        }, _ => { });
        return new ExtendedSquare(k, shares);
    }

    /// <summary>The 2k leaves of row <paramref name="row"/>'s tree.</summary>
    public void RowLeaves(int row, Span<NmtNode> leaves)
    {
        for (var column = 0; column < Width; column++) leaves[column] = NmtHasher.HashLeaf(LeafNamespace(row, column), Share(row, column));
    }

    public void ColumnLeaves(int column, Span<NmtNode> leaves)
    {
        for (var row = 0; row < Width; row++) leaves[row] = NmtHasher.HashLeaf(LeafNamespace(row, column), Share(row, column));
    }

    public NamespacedMerkleTree RowTree(int row)
    {
        var leaves = new NmtNode[Width];
        RowLeaves(row, leaves);
        return new NamespacedMerkleTree(leaves);
    }

    public NamespacedMerkleTree ColumnTree(int column)
    {
        var leaves = new NmtNode[Width];
        ColumnLeaves(column, leaves);
        return new NamespacedMerkleTree(leaves);
    }

    /// <summary>
    /// The 2k row roots and 2k column roots. Each leaf is hashed once and feeds both its row and its column tree.
    /// Throws <see cref="InvalidNmtException"/> if some row or column is out of namespace order.
    /// </summary>
    public DataAvailabilityHeader ComputeHeader(int parallelism = -1)
    {
        var width = Width;
        var leaves = new NmtNode[width * width];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        Parallel.For(0, width, options, row => RowLeaves(row, leaves.AsSpan(row * width, width)));
        var rowRoots = new NmtNode[width];
        var columnRoots = new NmtNode[width];
        Parallel.For(0, 2 * width, options, () => new NmtNode[2 * width], (axis, _, scratch) =>
        {
            if (axis < width)
            {
                rowRoots[axis] = NamespacedMerkleTree.ComputeRoot(leaves.AsSpan(axis * width, width), scratch);
            }
            else
            {
                var column = axis - width;
                var columnLeaves = scratch.AsSpan(width, width);
                for (var row = 0; row < width; row++) columnLeaves[row] = leaves[(row * width) + column];
                columnRoots[column] = NamespacedMerkleTree.ComputeRoot(columnLeaves, scratch);
            }
            return scratch;
        }, _ => { });
        return new DataAvailabilityHeader(rowRoots, columnRoots);
    }
}
