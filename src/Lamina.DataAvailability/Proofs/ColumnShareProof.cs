using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>
/// Proof that a share sits at (Row, Column) of the extended square committed to by a data root, along its column:
/// the leaf's path to the column root, and the column root's audit path in the data root (whose leaves are the 2k row
/// roots then the 2k column roots). It is what a DA node that custodies whole columns can prove without the rest of
/// the square; <see cref="ShareProof"/> is the row-wise twin. Encoded as version (1) ‖ k (u16) ‖ row (u16) ‖ column
/// (u16) ‖ NMT range proof ‖ column root ‖ path count (u32, ≤ 16) ‖ hashes.
/// </summary>
public sealed class ColumnShareProof : ICanonical<ColumnShareProof>
{
    public const byte Version = 1;
    private const int MaxPathLength = 16;

    public ColumnShareProof(int originalWidth, int row, int column, NmtRangeProof leafProof, NmtNode columnRoot, IReadOnlyList<Hash256> columnRootPath)
    {
        if (originalWidth < 1 || originalWidth > DataSquare.MaxWidth) throw new ArgumentException($"k must be 1..{DataSquare.MaxWidth}, got {originalWidth}");
        if ((uint)row >= 2 * (uint)originalWidth || (uint)column >= 2 * (uint)originalWidth) throw new ArgumentException($"({row}, {column}) is outside a {2 * originalWidth}-wide square");
        if (columnRootPath.Count > MaxPathLength) throw new ArgumentException($"a root path has at most {MaxPathLength} hashes");
        OriginalWidth = originalWidth;
        Row = row;
        Column = column;
        LeafProof = leafProof;
        ColumnRoot = columnRoot;
        ColumnRootPath = columnRootPath;
    }

    public int OriginalWidth { get; }
    public int Row { get; }
    public int Column { get; }
    public NmtRangeProof LeafProof { get; }
    public NmtNode ColumnRoot { get; }
    public IReadOnlyList<Hash256> ColumnRootPath { get; }

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

    /// <summary>
    /// Checks the share against the data root. Throws <see cref="InvalidNmtException"/> when the share is not the
    /// column's leaf, <see cref="InvalidMerkleProofException"/> when the column root is not in the data root.
    /// </summary>
    public void Verify(Hash256 dataRoot, ReadOnlySpan<byte> share)
    {
        if (share.Length != Share.Size) throw new InvalidNmtException(NmtError.MalformedProof, $"a share is {Share.Size} bytes, got {share.Length}");
        if (LeafProof.Start != Row || LeafProof.End != Row + 1) throw new InvalidNmtException(NmtError.MalformedProof, $"the leaf proof is for [{LeafProof.Start}, {LeafProof.End}), not row {Row}");
        var leaf = NmtHasher.HashLeaf(ExtendedSquare.LeafNamespace(Row, Column, OriginalWidth, share), share);
        LeafProof.VerifyInclusion(ColumnRoot, 2 * OriginalWidth, [leaf]);
        BinaryMerkleTree.Verify(dataRoot, DataAvailabilityHeader.LeafHash(ColumnRoot), (2 * OriginalWidth) + Column, 4 * OriginalWidth, ColumnRootPath.ToArray());
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU16((ushort)OriginalWidth);
        writer.WriteU16((ushort)Row);
        writer.WriteU16((ushort)Column);
        LeafProof.Encode(writer);
        ColumnRoot.Encode(writer);
        writer.WriteCount(ColumnRootPath.Count);
        foreach (var hash in ColumnRootPath) writer.WriteHash(hash);
    }

    public static ColumnShareProof Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "column share proof");
        var at = reader.Position;
        var k = reader.ReadU16("k");
        var row = reader.ReadU16("row");
        var column = reader.ReadU16("column");
        if (k < 1 || k > DataSquare.MaxWidth || (k & (k - 1)) != 0) throw new CodecException(CodecError.InvalidValue, $"k = {k} is not a power of two from 1 to {DataSquare.MaxWidth}", at);
        if (row >= 2 * k || column >= 2 * k) throw new CodecException(CodecError.InvalidValue, $"({row}, {column}) is outside a {2 * k}-wide square", at);
        var leafProof = NmtRangeProof.Decode(ref reader);
        var columnRoot = NmtNode.Decode(ref reader);
        var count = reader.ReadCount(MaxPathLength, Hash256.Size, "column root path");
        var path = new Hash256[count];
        for (var i = 0; i < count; i++) path[i] = reader.ReadHash("path hash");
        return new ColumnShareProof(k, row, column, leafProof, columnRoot, path);
    }
}
