using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// The commitment (<c>BlobCommitment.Of</c>: a hash of the blob's length and bytes) of every blob one L1 block carried,
/// in transaction order, as the rollups module records it beside <see cref="BlockBlobsRecord"/> when it derives lists
/// in dispute games; a batch reference copies its blobs' commitments from it into a <see cref="BatchCommitmentsRecord"/>.
/// Pruned with the block's blob record, after the DA retention window. Encoding: version (1) ‖ count (u32, 1 to
/// 65,536) ‖ count × commitment (32).
/// </summary>
public sealed record BlockBlobCommitmentsRecord(Hash256[] Commitments) : ICanonical<BlockBlobCommitmentsRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteCount(Commitments.Length);
        foreach (var commitment in Commitments) writer.WriteHash(commitment);
    }

    public static BlockBlobCommitmentsRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "block blob commitments");
        return new BlockBlobCommitmentsRecord(BatchCommitmentsRecord.ReadHashes(ref reader, RollupLimits.MaxBlobsPerBlock));
    }

    public bool Equals(BlockBlobCommitmentsRecord? other) => other is not null && Commitments.AsSpan().SequenceEqual(other.Commitments);

    public override int GetHashCode() => Commitments.Length;
}
