using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;

namespace Lamina.DataAvailability;

/// <summary>
/// Proof that a share sits at (Row, Column) of the extended square committed to by a data root, along its row: the
/// leaf's path to the row root, and the row root's audit path in the data root. This is what a light node checks per
/// sample. Validation, verification and the encoding are <see cref="AxisShareProof"/>'s.
/// </summary>
public sealed class ShareProof : AxisShareProof, ICanonical<ShareProof>
{
    public const byte Version = EncodingVersion;

    public ShareProof(int originalWidth, int row, int column, NmtRangeProof leafProof, NmtNode rowRoot, IReadOnlyList<Hash256> rowRootPath)
        : base(Axis.Row, originalWidth, row, column, leafProof, rowRoot, rowRootPath)
    {
    }

    public NmtNode RowRoot => AxisRoot;
    public IReadOnlyList<Hash256> RowRootPath => AxisRootPath;

    public static ShareProof Create(ExtendedSquare square, DataAvailabilityHeader header, int row, int column)
    {
        var proof = square.RowTree(row).ProveRange(column, column + 1);
        return new ShareProof(square.OriginalWidth, row, column, proof, header.RowRoots[row], header.ProveRoot(row, column: false));
    }

    public static ShareProof Decode(ref CanonicalReader reader)
    {
        var f = DecodeFields(ref reader, "share proof", "row root path");
        return new ShareProof(f.OriginalWidth, f.Row, f.Column, f.LeafProof, f.AxisRoot, f.AxisRootPath);
    }
}
