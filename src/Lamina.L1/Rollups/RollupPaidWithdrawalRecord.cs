using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// The rollup's <see cref="Number"/>-th paid withdrawal (numbered from 0 in the order L1 paid them, under
/// <see cref="RollupKeys.PaidWithdrawal"/>; <see cref="RollupPaidWithdrawalCountRecord"/> holds the next number): its
/// id, which keys its <see cref="RollupWithdrawalRecord"/>, the L2 sender and nonce the id is made of, and the L1
/// transaction that was paid. So the newest withdrawals are read newest first without scanning blocks.
/// Encoding: version (1) ‖ number (u64) ‖ withdrawal id (32) ‖ l2 sender (20) ‖ nonce (u64) ‖ tx hash (32), 101 bytes.
/// </summary>
public sealed record RollupPaidWithdrawalRecord(ulong Number, Hash256 WithdrawalId, Address L2Sender, ulong Nonce, Hash256 TxHash)
    : ICanonical<RollupPaidWithdrawalRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Number);
        writer.WriteHash(WithdrawalId);
        writer.WriteAddress(L2Sender);
        writer.WriteU64(Nonce);
        writer.WriteHash(TxHash);
    }

    public static RollupPaidWithdrawalRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "paid withdrawal");
        return new RollupPaidWithdrawalRecord(reader.ReadU64("number"), reader.ReadHash("withdrawal id"), reader.ReadAddress("l2 sender"),
            reader.ReadU64("nonce"), reader.ReadHash("tx hash"));
    }
}
