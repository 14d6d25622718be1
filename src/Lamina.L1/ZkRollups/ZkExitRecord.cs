using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.ZkRollups;

/// <summary>An account's exodus withdrawal (at most one per account). Encoding: version (1) ‖ account (u32) ‖ recipient (20) ‖ amount (u64) ‖ L1 height (u64).</summary>
public sealed record ZkExitRecord(uint Account, Address Recipient, ulong Amount, ulong L1Height) : ICanonical<ZkExitRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU32(Account);
        writer.WriteAddress(Recipient);
        writer.WriteU64(Amount);
        writer.WriteU64(L1Height);
    }

    public static ZkExitRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK exit record");
        return new ZkExitRecord(reader.ReadU32("account"), reader.ReadAddress("recipient"), reader.ReadU64("amount"), reader.ReadU64("l1 height"));
    }
}
