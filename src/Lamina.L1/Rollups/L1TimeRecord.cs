using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// The header time of one L1 block, recorded at its end when the rollups module derives lists in dispute games: the
/// batch rules compare an L2 block's time with its origin's. Encoding: version (1) ‖ time ms (u64), 9 bytes.
/// </summary>
public sealed record L1TimeRecord(ulong TimeMs) : ICanonical<L1TimeRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(TimeMs);
    }

    public static L1TimeRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "l1 time");
        return new L1TimeRecord(reader.ReadU64("l1 time ms"));
    }
}
