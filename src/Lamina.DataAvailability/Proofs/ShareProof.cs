using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>
/// Proof that a share sits at (Row, Column) of the extended square committed to by a data root: its leaf's path to
/// the row root, and the row root's audit path in the data root. This is what a light node checks per sample.
/// Encoded as version (1) ‖ k (u16) ‖ row (u16) ‖ column (u16) ‖ NMT range proof ‖ row root ‖ path count (u32) ‖ hashes.
/// </summary>
public sealed class ShareProof : ICanonical<ShareProof>
{
    public const byte Version = 1;
    private const int MaxPathLength = 16;

    public ShareProof(int originalWidth, int row, int column, NmtRangeProof leafProof, NmtNode rowRoot, IReadOnlyList<Hash256> rowRootPath)
    {
        if (originalWidth < 1 || originalWidth > DataSquare.MaxWidth) throw new ArgumentException($"k must be 1..{DataSquare.MaxWidth}, got {originalWidth}");
        if ((uint)row >= 2 * (uint)originalWidth || (uint)column >= 2 * (uint)originalWidth) throw new ArgumentException($"({row}, {column}) is outside a {2 * originalWidth}-wide square");
        if (rowRootPath.Count > MaxPathLength) throw new ArgumentException($"a root path has at most {MaxPathLength} hashes");
        OriginalWidth = originalWidth;
        Row = row;
        Column = column;
        LeafProof = leafProof;
        RowRoot = rowRoot;
        RowRootPath = rowRootPath;
    }

    public int OriginalWidth { get; }
    public int Row { get; }
    public int Column { get; }
    public NmtRangeProof LeafProof { get; }
    public NmtNode RowRoot { get; }
    public IReadOnlyList<Hash256> RowRootPath { get; }

    public static ShareProof Create(ExtendedSquare square, DataAvailabilityHeader header, int row, int column)
    {
        var proof = square.RowTree(row).ProveRange(column, column + 1);
        return new ShareProof(square.OriginalWidth, row, column, proof, header.RowRoots[row], header.ProveRoot(row, column: false));
    }

    /// <summary>
    /// Checks the share against the data root. Throws <see cref="InvalidNmtException"/> when the share is not the row's
    /// leaf, <see cref="InvalidMerkleProofException"/> when the row root is not in the data root.
    /// </summary>
    public void Verify(Hash256 dataRoot, ReadOnlySpan<byte> share)
    {
        if (share.Length != Share.Size) throw new InvalidNmtException(NmtError.MalformedProof, $"a share is {Share.Size} bytes, got {share.Length}");
        if (LeafProof.Start != Column || LeafProof.End != Column + 1) throw new InvalidNmtException(NmtError.MalformedProof, $"the leaf proof is for [{LeafProof.Start}, {LeafProof.End}), not column {Column}");
        var leaf = NmtHasher.HashLeaf(ExtendedSquare.LeafNamespace(Row, Column, OriginalWidth, share), share);
        LeafProof.VerifyInclusion(RowRoot, 2 * OriginalWidth, [leaf]);
        BinaryMerkleTree.Verify(dataRoot, DataAvailabilityHeader.LeafHash(RowRoot), Row, 4 * OriginalWidth, RowRootPath.ToArray());
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU16((ushort)OriginalWidth);
        writer.WriteU16((ushort)Row);
        writer.WriteU16((ushort)Column);
        LeafProof.Encode(writer);
        RowRoot.Encode(writer);
        writer.WriteCount(RowRootPath.Count);
        foreach (var hash in RowRootPath) writer.WriteHash(hash);
    }

    public static ShareProof Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "share proof");
        var at = reader.Position;
        var k = reader.ReadU16("k");
        var row = reader.ReadU16("row");
        var column = reader.ReadU16("column");
        if (k < 1 || k > DataSquare.MaxWidth || (k & (k - 1)) != 0) throw new CodecException(CodecError.InvalidValue, $"k = {k} is not a power of two from 1 to {DataSquare.MaxWidth}", at);
        if (row >= 2 * k || column >= 2 * k) throw new CodecException(CodecError.InvalidValue, $"({row}, {column}) is outside a {2 * k}-wide square", at);
        var leafProof = NmtRangeProof.Decode(ref reader);
        var rowRoot = NmtNode.Decode(ref reader);
        var count = reader.ReadCount(MaxPathLength, Hash256.Size, "row root path");
        var path = new Hash256[count];
        for (var i = 0; i < count; i++) path[i] = reader.ReadHash("path hash");
        return new ShareProof(k, row, column, leafProof, rowRoot, path);
    }
}
