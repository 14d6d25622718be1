using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>
/// Proof that a share sits at (Row, Column) of the extended square committed to by a data root, along its column:
/// the leaf's path to the column root, and the column root's audit path in the data root. It is what a DA node that
/// custodies whole columns can prove without the rest of the square; <see cref="ShareProof"/> is the row-wise twin.
/// Validation, verification and the encoding are <see cref="AxisShareProof"/>'s.
/// </summary>
public sealed class ColumnShareProof : AxisShareProof, ICanonical<ColumnShareProof>
{
    public const byte Version = EncodingVersion;

    public ColumnShareProof(int originalWidth, int row, int column, NmtRangeProof leafProof, NmtNode columnRoot, IReadOnlyList<Hash256> columnRootPath)
        : base(Axis.Column, originalWidth, row, column, leafProof, columnRoot, columnRootPath)
    {
    }

    public NmtNode ColumnRoot => AxisRoot;
    public IReadOnlyList<Hash256> ColumnRootPath => AxisRootPath;

    /// <summary>The proof of (<paramref name="row"/>, <paramref name="column"/>) from the column's tree.</summary>
    public static ColumnShareProof Create(NamespacedMerkleTree columnTree, DataAvailabilityHeader header, int row, int column)
    {
        if (columnTree.Root != header.ColumnRoots[column]) throw new ArgumentException($"the tree is not column {column}'s of this header", nameof(columnTree));
        return new ColumnShareProof(header.OriginalWidth, row, column, columnTree.ProveRange(row, row + 1), header.ColumnRoots[column], header.ProveRoot(column, column: true));
    }

    /// <summary>The NMT over one column's 2k shares (concatenated, top to bottom), with their leaf namespaces.</summary>
    public static NamespacedMerkleTree ColumnTree(int originalWidth, int column, ReadOnlySpan<byte> shares)
    {
        var width = 2 * originalWidth;
        if (shares.Length != width * Share.Size) throw new ArgumentException($"a column of a {width}-wide square is {width * Share.Size} bytes, got {shares.Length}", nameof(shares));
        var leaves = new NmtNode[width];
        for (var row = 0; row < width; row++)
        {
            var share = shares.Slice(row * Share.Size, Share.Size);
            leaves[row] = NmtHasher.HashLeaf(ExtendedSquare.LeafNamespace(row, column, originalWidth, share), share);
        }
        return new NamespacedMerkleTree(leaves);
    }

    public static ColumnShareProof Decode(ref CanonicalReader reader)
    {
        var f = DecodeFields(ref reader, "column share proof", "column root path");
        return new ColumnShareProof(f.OriginalWidth, f.Row, f.Column, f.LeafProof, f.AxisRoot, f.AxisRootPath);
    }
}
