using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// Batch <see cref="Number"/> of rollup <see cref="RollupId"/> (0, 1, 2, … with no gap): the blobs that carry it, in
/// order (the batch frame is their data concatenated), referenced in L1 block <see cref="PostedAtHeight"/>. Every
/// blob was checked, when the reference was accepted, to be in an earlier (committed, so final) block, in the
/// rollup's namespace, under the data root given.
/// Encoding: version (1) ‖ rollup id ‖ number (u64 each) ‖ count (u32) ‖ count × blob location (44) ‖ posted at height (u64).
/// </summary>
public sealed record RollupBatchRecord(ulong RollupId, ulong Number, BlobLocation[] Blobs, ulong PostedAtHeight) : ICanonical<RollupBatchRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(RollupId);
        writer.WriteU64(Number);
        BlobLocation.WriteList(writer, Blobs);
        writer.WriteU64(PostedAtHeight);
    }

    public static RollupBatchRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup batch");
        return new RollupBatchRecord(reader.ReadU64("rollup id"), reader.ReadU64("batch number"), BlobLocation.ReadList(ref reader), reader.ReadU64("posted at height"));
    }

    public bool Equals(RollupBatchRecord? other) => other is not null && RollupId == other.RollupId && Number == other.Number
        && Blobs.AsSpan().SequenceEqual(other.Blobs) && PostedAtHeight == other.PostedAtHeight;

    public override int GetHashCode() => HashCode.Combine(RollupId, Number, Blobs.Length, PostedAtHeight);
}
