using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;

namespace Lamina.L1.Rollups;

/// <summary>
/// What the rollups module remembers of a block that carried blobs: its data root and the namespace of each blob,
/// in transaction order. Batch references are checked against it, so L1 judges them from its own state alone
/// (no block store, no DA node). Written once, at the block's end, for blocks with at least one blob.
/// Encoding: version (1) ‖ data root (32) ‖ count (u32, 1 to 65,536) ‖ count × namespace (29).
/// </summary>
public sealed record BlockBlobsRecord(Hash256 DataRoot, Namespace[] Namespaces) : ICanonical<BlockBlobsRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteHash(DataRoot);
        writer.WriteCount(Namespaces.Length);
        Span<byte> ns = stackalloc byte[Namespace.Size];
        foreach (var n in Namespaces)
        {
            n.CopyTo(ns);
            writer.WriteRaw(ns);
        }
    }

    public static BlockBlobsRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "block blobs");
        var root = reader.ReadHash("data root");
        var at = reader.Position;
        var count = reader.ReadCount(RollupLimits.MaxBlobsPerBlock, Namespace.Size, "blob namespaces");
        if (count == 0) throw new CodecException(CodecError.NonCanonical, "a block without blobs has no blob record", at);
        var namespaces = new Namespace[count];
        for (var i = 0; i < count; i++) namespaces[i] = new Namespace(reader.ReadRaw(Namespace.Size, "blob namespace"));
        return new BlockBlobsRecord(root, namespaces);
    }

    public bool Equals(BlockBlobsRecord? other) => other is not null && DataRoot == other.DataRoot && Namespaces.AsSpan().SequenceEqual(other.Namespaces);

    public override int GetHashCode() => HashCode.Combine(DataRoot, Namespaces.Length);
}
