using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// The commitments of one batch reference's blobs, in the reference's order: what a dispute game checks blob bytes
/// against when it derives a block's list on L1. Kept as long as the batch record itself (not pruned with the DA
/// retention window), so a game that runs past the window can still read it; the bytes must come from whoever kept
/// them. Encoding: version (1) ‖ count (u32, 1 to 16) ‖ count × commitment (32).
/// </summary>
public sealed record BatchCommitmentsRecord(Hash256[] Commitments) : ICanonical<BatchCommitmentsRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteCount(Commitments.Length);
        foreach (var commitment in Commitments) writer.WriteHash(commitment);
    }

    public static BatchCommitmentsRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "batch commitments");
        return new BatchCommitmentsRecord(ReadHashes(ref reader, RollupLimits.MaxBlobsPerBatch));
    }

    internal static Hash256[] ReadHashes(ref CanonicalReader reader, int max)
    {
        var at = reader.Position;
        var count = reader.ReadCount(max, Hash256.Size, "blob commitments");
        if (count == 0) throw new CodecException(CodecError.InvalidValue, "at least one blob commitment", at);
        var hashes = new Hash256[count];
        for (var i = 0; i < count; i++) hashes[i] = reader.ReadHash("blob commitment");
        return hashes;
    }

    public bool Equals(BatchCommitmentsRecord? other) => other is not null && Commitments.AsSpan().SequenceEqual(other.Commitments);

    public override int GetHashCode() => Commitments.Length;
}
