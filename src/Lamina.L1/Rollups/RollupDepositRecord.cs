using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// A deposit as L2 derivation reads it: the <see cref="Index"/>-th deposit into rollup <see cref="RollupId"/> (0, 1,
/// 2, … with no gap), from <see cref="L1Sender"/> to <see cref="L2Recipient"/>, made in L1 block
/// <see cref="L1Height"/>. Derivation credits deposits in index order, so every verifier credits them alike.
/// Encoding: version (1) ‖ rollup id ‖ index (u64 each) ‖ l1 sender (20) ‖ l2 recipient (20) ‖ amount ‖ l1 height
/// (u64 each), 73 bytes.
/// </summary>
public sealed record RollupDepositRecord(ulong RollupId, ulong Index, Address L1Sender, Address L2Recipient, ulong Amount, ulong L1Height)
    : ICanonical<RollupDepositRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(RollupId);
        writer.WriteU64(Index);
        writer.WriteAddress(L1Sender);
        writer.WriteAddress(L2Recipient);
        writer.WriteU64(Amount);
        writer.WriteU64(L1Height);
    }

    public static RollupDepositRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup deposit");
        var record = new RollupDepositRecord(reader.ReadU64("rollup id"), reader.ReadU64("deposit index"), reader.ReadAddress("l1 sender"),
            reader.ReadAddress("l2 recipient"), reader.ReadU64("amount"), reader.ReadU64("l1 height"));
        if (record.Amount == 0) throw new CodecException(CodecError.InvalidValue, "a deposit is never zero", reader.Position);
        return record;
    }
}
