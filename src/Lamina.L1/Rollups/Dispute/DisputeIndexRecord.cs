using Lamina.Core.Codec;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// The outputs of one rollup that were ever disputed, in the order their games were created (output indices, so
/// each names its game). Encoding: version (1) ‖ count (u32) ‖ count × output index (u64).
/// </summary>
public sealed record DisputeIndexRecord(ulong[] OutputIndices) : ICanonical<DisputeIndexRecord>
{
    public const byte Version = 1;
    public const int MaxGames = 1 << 20;

    public static readonly DisputeIndexRecord Empty = new([]);

    public DisputeIndexRecord With(ulong outputIndex) => new([.. OutputIndices, outputIndex]);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteCount(OutputIndices.Length);
        foreach (var index in OutputIndices) writer.WriteU64(index);
    }

    public static DisputeIndexRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "dispute index");
        var count = reader.ReadCount(MaxGames, 8, "disputed outputs");
        var indices = new ulong[count];
        for (var i = 0; i < count; i++) indices[i] = reader.ReadU64("output index");
        return new DisputeIndexRecord(indices);
    }
}
