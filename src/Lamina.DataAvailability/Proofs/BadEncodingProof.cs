using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>
/// A bad-encoding fraud proof (after Celestia's BadEncoding {HeaderHash, Height, Shares, Index, Axis}): the shares of
/// one row or column, each proven against the root of the orthogonal axis, which together are not the codeword the
/// axis's own root commits to. Anyone holding the header can check it without the rest of the square.
/// Encoded as version (1) ‖ header hash ‖ height (u64) ‖ axis (u8) ‖ index (u16) ‖ k (u16) ‖
/// 2k × (present (bool) ‖ [proven share]).
/// </summary>
public sealed class BadEncodingProof : ICanonical<BadEncodingProof>
{
    public const byte Version = 1;

    public BadEncodingProof(Hash256 headerHash, ulong height, Axis axis, int index, int originalWidth, IReadOnlyList<ProvenShare?> shares)
    {
        if (axis is not (Axis.Row or Axis.Column)) throw new ArgumentException($"unknown axis {axis}");
        if (originalWidth < 1 || originalWidth > DataSquare.MaxWidth || (originalWidth & (originalWidth - 1)) != 0) throw new ArgumentException($"k = {originalWidth} is not a power of two from 1 to {DataSquare.MaxWidth}");
        if ((uint)index >= 2 * (uint)originalWidth) throw new ArgumentException($"index {index} is outside a {2 * originalWidth}-wide square");
        if (shares.Count != 2 * originalWidth) throw new ArgumentException($"a {2 * originalWidth}-wide axis has {2 * originalWidth} share slots, got {shares.Count}");
        HeaderHash = headerHash;
        Height = height;
        Axis = axis;
        Index = index;
        OriginalWidth = originalWidth;
        Shares = shares.ToArray();
    }

    public Hash256 HeaderHash { get; }
    public ulong Height { get; }
    public Axis Axis { get; }
    public int Index { get; }
    public int OriginalWidth { get; }

    /// <summary>2k slots along the axis; null where the prover leaves a share out (at least k are needed).</summary>
    public IReadOnlyList<ProvenShare?> Shares { get; }

    /// <summary>Builds a proof for one axis of a square whose every share is known (as received from its producer).</summary>
    public static BadEncodingProof Create(ExtendedSquare square, Hash256 headerHash, ulong height, Axis axis, int index)
    {
        var width = square.Width;
        var shares = new ProvenShare?[width];
        for (var j = 0; j < width; j++)
        {
            var (row, column) = axis == Axis.Row ? (index, j) : (j, index);
            var orthogonal = axis == Axis.Row ? square.ColumnTree(column) : square.RowTree(row);
            shares[j] = new ProvenShare(square.Share(row, column), orthogonal.ProveRange(index, index + 1));
        }
        return new BadEncodingProof(headerHash, height, axis, index, square.OriginalWidth, shares);
    }

    /// <summary>
    /// Returns when the proof shows that <paramref name="header"/> commits to a badly encoded square; throws
    /// <see cref="InvalidBadEncodingProofException"/> saying why otherwise. (Whether <paramref name="header"/> is the
    /// one named by <see cref="HeaderHash"/> and <see cref="Height"/> is the caller's check.)
    /// </summary>
    public void Verify(DataAvailabilityHeader header)
    {
        var k = OriginalWidth;
        var width = 2 * k;
        if (header.Width != width) throw new InvalidBadEncodingProofException(BadEncodingError.WrongShape, $"proof is for a {width}-wide square, the header for {header.Width}");
        var codeword = new byte[width * Share.Size];
        var present = new bool[width];
        var count = 0;
        for (var j = 0; j < width; j++)
        {
            if (Shares[j] is not { } proven) continue;
            var (row, column) = Axis == Axis.Row ? (Index, j) : (j, Index);
            var orthogonalRoot = Axis == Axis.Row ? header.ColumnRoots[column] : header.RowRoots[row];
            if (proven.Proof.Start != Index || proven.Proof.End != Index + 1) throw new InvalidBadEncodingProofException(BadEncodingError.ShareNotCommitted, $"share {j} is proven at [{proven.Proof.Start}, {proven.Proof.End}), not at {Index}");
            var leaf = NmtHasher.HashLeaf(ExtendedSquare.LeafNamespace(row, column, k, proven.Bytes), proven.Bytes);
            try
            {
                proven.Proof.VerifyInclusion(orthogonalRoot, width, [leaf]);
            }
            catch (InvalidNmtException e)
            {
                throw new InvalidBadEncodingProofException(BadEncodingError.ShareNotCommitted, $"share {j}: {e.Message}");
            }
            proven.Bytes.CopyTo(codeword, j * Share.Size);
            present[j] = true;
            count++;
        }
        if (count < k) throw new InvalidBadEncodingProofException(BadEncodingError.NotEnoughShares, $"{count} shares given, {k} are needed to rebuild the axis");
        if (!RebuildIsConsistent(codeword, present, k)) return;
        var leaves = new NmtNode[width];
        for (var j = 0; j < width; j++)
        {
            var (row, column) = Axis == Axis.Row ? (Index, j) : (j, Index);
            var share = codeword.AsSpan(j * Share.Size, Share.Size);
            leaves[j] = NmtHasher.HashLeaf(ExtendedSquare.LeafNamespace(row, column, k, share), share);
        }
        NmtNode rebuilt;
        try
        {
            rebuilt = NamespacedMerkleTree.ComputeRoot(leaves, new NmtNode[width]);
        }
        catch (InvalidNmtException)
        {
            return; // The code's own shares are out of namespace order: no honest root could commit to them.
        }
        var committed = Axis == Axis.Row ? header.RowRoots[Index] : header.ColumnRoots[Index];
        if (rebuilt == committed) throw new InvalidBadEncodingProofException(BadEncodingError.AxisCorrectlyEncoded, $"{Axis} {Index} is correctly encoded");
    }

    /// <summary>
    /// Decodes the axis from its first k given shares; false (fraud shown already) when another given share — each
    /// committed by its orthogonal root — disagrees with that codeword.
    /// </summary>
    private static bool RebuildIsConsistent(byte[] codeword, bool[] present, int k)
    {
        var given = (byte[])codeword.Clone();
        var used = new bool[present.Length];
        var taken = 0;
        for (var j = 0; j < present.Length && taken < k; j++)
        {
            if (!present[j]) continue;
            used[j] = true;
            taken++;
        }
        new ReedSolomonCodec(k, Share.Size).Reconstruct(codeword, used);
        for (var j = 0; j < present.Length; j++)
        {
            if (present[j] && !used[j] && !given.AsSpan(j * Share.Size, Share.Size).SequenceEqual(codeword.AsSpan(j * Share.Size, Share.Size))) return false;
        }
        return true;
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteHash(HeaderHash);
        writer.WriteU64(Height);
        writer.WriteU8((byte)Axis);
        writer.WriteU16((ushort)Index);
        writer.WriteU16((ushort)OriginalWidth);
        foreach (var share in Shares)
        {
            writer.WriteBool(share is not null);
            share?.Encode(writer);
        }
    }

    public static BadEncodingProof Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "bad-encoding proof");
        var headerHash = reader.ReadHash("header hash");
        var height = reader.ReadU64("height");
        var at = reader.Position;
        var axis = reader.ReadU8("axis");
        if (axis > (byte)Axis.Column) throw new CodecException(CodecError.InvalidValue, $"axis {axis} is neither row (0) nor column (1)", at);
        var index = reader.ReadU16("index");
        var k = reader.ReadU16("k");
        if (k < 1 || k > DataSquare.MaxWidth || (k & (k - 1)) != 0) throw new CodecException(CodecError.InvalidValue, $"k = {k} is not a power of two from 1 to {DataSquare.MaxWidth}", at);
        if (index >= 2 * k) throw new CodecException(CodecError.InvalidValue, $"index {index} is outside a {2 * k}-wide square", at);
        if (2 * k > reader.Remaining) throw new CodecException(CodecError.Truncated, $"{2 * k} share slots do not fit in {reader.Remaining} bytes", at);
        var shares = new ProvenShare?[2 * k];
        for (var j = 0; j < shares.Length; j++) shares[j] = reader.ReadBool("share present") ? ProvenShare.Decode(ref reader) : null;
        return new BadEncodingProof(headerHash, height, (Axis)axis, index, k, shares);
    }
}
