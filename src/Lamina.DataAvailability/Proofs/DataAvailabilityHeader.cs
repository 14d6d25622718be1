using System.Numerics;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>
/// The 2k row roots and 2k column roots of an extended square, and the data root: the binary Merkle root (Core's
/// RFC 9162 tree) over the 4k roots, rows first, each leaf H("lamina/da/data-root/leaf" ‖ 90-byte node).
/// Encoded as version (1) ‖ width 2k (u16) ‖ row roots ‖ column roots.
/// </summary>
public sealed class DataAvailabilityHeader : ICanonical<DataAvailabilityHeader>
{
    public const byte Version = 1;

    private readonly Hash256[] _leafHashes;

    public DataAvailabilityHeader(IReadOnlyList<NmtNode> rowRoots, IReadOnlyList<NmtNode> columnRoots)
    {
        var width = rowRoots.Count;
        if (width < 2 || width > 2 * DataSquare.MaxWidth || !BitOperations.IsPow2(width)) throw new ArgumentException($"an extended square is 2 to {2 * DataSquare.MaxWidth} wide (a power of two), got {width}");
        if (columnRoots.Count != width) throw new ArgumentException($"{width} row roots but {columnRoots.Count} column roots");
        RowRoots = rowRoots.ToArray();
        ColumnRoots = columnRoots.ToArray();
        _leafHashes = new Hash256[2 * width];
        for (var i = 0; i < width; i++)
        {
            _leafHashes[i] = LeafHash(RowRoots[i]);
            _leafHashes[width + i] = LeafHash(ColumnRoots[i]);
        }
        DataRoot = BinaryMerkleTree.Root(_leafHashes);
    }

    public IReadOnlyList<NmtNode> RowRoots { get; }
    public IReadOnlyList<NmtNode> ColumnRoots { get; }
    public int Width => RowRoots.Count;
    public int OriginalWidth => Width / 2;
    public Hash256 DataRoot { get; }

    public static Hash256 LeafHash(NmtNode root)
    {
        Span<byte> bytes = stackalloc byte[NmtNode.Size];
        root.CopyTo(bytes);
        return DomainHasher.Hash(DataAvailabilityTags.DataRootLeaf, bytes);
    }

    /// <summary>The audit path of row root <paramref name="index"/> (or, with <paramref name="column"/>, that column root) in the data root.</summary>
    public Hash256[] ProveRoot(int index, bool column) => BinaryMerkleTree.Prove(_leafHashes, column ? Width + index : index);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU16((ushort)Width);
        foreach (var root in RowRoots) root.Encode(writer);
        foreach (var root in ColumnRoots) root.Encode(writer);
    }

    public static DataAvailabilityHeader Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "data availability header");
        var at = reader.Position;
        var width = reader.ReadU16("width");
        if (width < 2 || width > 2 * DataSquare.MaxWidth || !BitOperations.IsPow2(width)) throw new CodecException(CodecError.InvalidValue, $"width {width} is not a power of two from 2 to {2 * DataSquare.MaxWidth}", at);
        if ((long)width * 2 * NmtNode.Size > reader.Remaining) throw new CodecException(CodecError.Truncated, $"{2 * width} roots do not fit in {reader.Remaining} bytes", at);
        var rows = new NmtNode[width];
        var columns = new NmtNode[width];
        for (var i = 0; i < width; i++) rows[i] = NmtNode.Decode(ref reader);
        for (var i = 0; i < width; i++) columns[i] = NmtNode.Decode(ref reader);
        return new DataAvailabilityHeader(rows, columns);
    }
}
