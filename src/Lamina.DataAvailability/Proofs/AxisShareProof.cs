using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>
/// Proof that a share sits at (Row, Column) of the extended square committed to by a data root, along one axis: the
/// leaf's path to its row's (or column's) root, and that root's audit path in the data root, whose leaves are the 2k
/// row roots then the 2k column roots. <see cref="ShareProof"/> (rows: what a light node checks per sample) and
/// <see cref="ColumnShareProof"/> (columns: what a node custodying whole columns can prove) are its two axes; they share
/// validation, verification and one encoding: version (1) ‖ k (u16) ‖ row (u16) ‖ column (u16) ‖ NMT range proof ‖
/// axis root ‖ path count (u32, ≤ 16) ‖ hashes. The axis is not encoded: the type says it.
/// </summary>
public abstract class AxisShareProof
{
    protected const byte EncodingVersion = 1;
    private const int MaxPathLength = 16;

    private protected AxisShareProof(Axis axis, int originalWidth, int row, int column, NmtRangeProof leafProof, NmtNode axisRoot, IReadOnlyList<Hash256> axisRootPath)
    {
        if (originalWidth < 1 || originalWidth > DataSquare.MaxWidth) throw new ArgumentException($"k must be 1..{DataSquare.MaxWidth}, got {originalWidth}");
        if ((uint)row >= 2 * (uint)originalWidth || (uint)column >= 2 * (uint)originalWidth) throw new ArgumentException($"({row}, {column}) is outside a {2 * originalWidth}-wide square");
        if (axisRootPath.Count > MaxPathLength) throw new ArgumentException($"a root path has at most {MaxPathLength} hashes");
        Axis = axis;
        OriginalWidth = originalWidth;
        Row = row;
        Column = column;
        LeafProof = leafProof;
        AxisRoot = axisRoot;
        AxisRootPath = axisRootPath;
    }

    public Axis Axis { get; }
    public int OriginalWidth { get; }
    public int Row { get; }
    public int Column { get; }
    public NmtRangeProof LeafProof { get; }

    /// <summary>The root of the row (or column) tree the share is a leaf of.</summary>
    public NmtNode AxisRoot { get; }

    /// <summary>The audit path of <see cref="AxisRoot"/> in the data root.</summary>
    public IReadOnlyList<Hash256> AxisRootPath { get; }

    /// <summary>
    /// Checks the share against the data root. Throws <see cref="InvalidNmtException"/> when the share is not the
    /// axis tree's leaf, <see cref="InvalidMerkleProofException"/> when the axis root is not in the data root.
    /// </summary>
    public void Verify(Hash256 dataRoot, ReadOnlySpan<byte> share)
    {
        var (leafIndex, leafAxisName) = Axis == Axis.Row ? (Column, "column") : (Row, "row");
        if (share.Length != Share.Size) throw new InvalidNmtException(NmtError.MalformedProof, $"a share is {Share.Size} bytes, got {share.Length}");
        if (LeafProof.Start != leafIndex || LeafProof.End != leafIndex + 1) throw new InvalidNmtException(NmtError.MalformedProof, $"the leaf proof is for [{LeafProof.Start}, {LeafProof.End}), not {leafAxisName} {leafIndex}");
        var leaf = NmtHasher.HashLeaf(ExtendedSquare.LeafNamespace(Row, Column, OriginalWidth, share), share);
        LeafProof.VerifyInclusion(AxisRoot, 2 * OriginalWidth, [leaf]);
        var rootIndex = Axis == Axis.Row ? Row : (2 * OriginalWidth) + Column;
        BinaryMerkleTree.Verify(dataRoot, DataAvailabilityHeader.LeafHash(AxisRoot), rootIndex, 4 * OriginalWidth, AxisRootPath.ToArray());
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(EncodingVersion);
        writer.WriteU16((ushort)OriginalWidth);
        writer.WriteU16((ushort)Row);
        writer.WriteU16((ushort)Column);
        LeafProof.Encode(writer);
        AxisRoot.Encode(writer);
        writer.WriteCount(AxisRootPath.Count);
        foreach (var hash in AxisRootPath) writer.WriteHash(hash);
    }

    /// <summary>The decoded fields, before the axis's type wraps them.</summary>
    private protected readonly record struct Fields(int OriginalWidth, int Row, int Column, NmtRangeProof LeafProof, NmtNode AxisRoot, Hash256[] AxisRootPath);

    /// <summary>Reads the shared encoding; <paramref name="what"/> and <paramref name="pathName"/> name the axis in errors.</summary>
    private protected static Fields DecodeFields(ref CanonicalReader reader, string what, string pathName)
    {
        reader.ExpectVersion(EncodingVersion, what);
        var at = reader.Position;
        var k = reader.ReadU16("k");
        var row = reader.ReadU16("row");
        var column = reader.ReadU16("column");
        if (k < 1 || k > DataSquare.MaxWidth || (k & (k - 1)) != 0) throw new CodecException(CodecError.InvalidValue, $"k = {k} is not a power of two from 1 to {DataSquare.MaxWidth}", at);
        if (row >= 2 * k || column >= 2 * k) throw new CodecException(CodecError.InvalidValue, $"({row}, {column}) is outside a {2 * k}-wide square", at);
        var leafProof = NmtRangeProof.Decode(ref reader);
        var axisRoot = NmtNode.Decode(ref reader);
        var count = reader.ReadCount(MaxPathLength, Hash256.Size, pathName);
        var path = new Hash256[count];
        for (var i = 0; i < count; i++) path[i] = reader.ReadHash("path hash");
        return new Fields(k, row, column, leafProof, axisRoot, path);
    }
}
