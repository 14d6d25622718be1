using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>
/// Locks <see cref="Amount"/> of the sender's L1 balance in the rollup's escrow and queues a deposit that credits
/// <see cref="L2Recipient"/> on L2. Amounts are u64 because L2 balances are. Body: rollup id (u64) ‖ l2 recipient
/// (20) ‖ amount (u64, positive).
/// </summary>
public sealed class RollupDepositPayload : TxPayload
{
    public const ulong Gas = 50_000;

    public RollupDepositPayload(ulong rollupId, Address l2Recipient, ulong amount)
    {
        if (amount == 0) throw new ArgumentException("a deposit is never zero", nameof(amount));
        RollupId = rollupId;
        L2Recipient = l2Recipient;
        Amount = amount;
    }

    public ulong RollupId { get; }
    public Address L2Recipient { get; }
    public ulong Amount { get; }
    public override TxKind Kind => TxKind.RollupDeposit;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteAddress(L2Recipient);
        writer.WriteU64(Amount);
    }

    internal static RollupDepositPayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU64("rollup id");
        var recipient = reader.ReadAddress("l2 recipient");
        var at = reader.Position;
        var amount = reader.ReadU64("amount");
        if (amount == 0) throw new CodecException(CodecError.InvalidValue, "a deposit is never zero", at);
        return new RollupDepositPayload(id, recipient, amount);
    }
}
