using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// Marks an L2 withdrawal as paid on L1, under its id (the receipt's key in the L2 state, from sender and nonce, not
/// from any output root): a second payout of the same withdrawal is refused whatever root it is proven against,
/// and a withdrawal proven against a root that loses its dispute was never paid, so it can be proven again against
/// the replacement. Encoding: version (1) ‖ rollup id ‖ output index (u64 each) ‖ l1 recipient (20) ‖ amount ‖
/// l1 height (u64 each), 53 bytes.
/// </summary>
public sealed record RollupWithdrawalRecord(ulong RollupId, ulong OutputIndex, Address L1Recipient, ulong Amount, ulong L1Height)
    : ICanonical<RollupWithdrawalRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(RollupId);
        writer.WriteU64(OutputIndex);
        writer.WriteAddress(L1Recipient);
        writer.WriteU64(Amount);
        writer.WriteU64(L1Height);
    }

    public static RollupWithdrawalRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup withdrawal");
        return new RollupWithdrawalRecord(reader.ReadU64("rollup id"), reader.ReadU64("output index"), reader.ReadAddress("l1 recipient"),
            reader.ReadU64("amount"), reader.ReadU64("l1 height"));
    }
}
