using Lamina.Core.Codec;

namespace Lamina.L1.ZkRollups;

/// <summary>The height of the last block that included a failed batch. Encoding: version (1) ‖ height (u64).</summary>
public sealed record ZkBlockFailureRecord(ulong Height) : ICanonical<ZkBlockFailureRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
    }

    public static ZkBlockFailureRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK block failure record");
        return new ZkBlockFailureRecord(reader.ReadU64("height"));
    }
}
