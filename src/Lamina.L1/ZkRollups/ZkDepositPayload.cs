using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Locks <see cref="Amount"/> of the sender's L1 balance in the rollup's escrow and queues a priority deposit that
/// credits account <see cref="To"/> under <see cref="Key"/> (the slot is registered to the key if empty; a deposit
/// the rollup cannot credit is refunded by the batch that consumes it). Body: rollup id (u32) ‖ to (u32, below
/// 2^24) ‖ key (40) ‖ amount (u64, 1 to 2^62 − 1).
/// </summary>
public sealed class ZkDepositPayload : TxPayload
{
    public const ulong Gas = 60_000;

    public ZkDepositPayload(uint rollupId, uint to, ZkPublicKey key, ulong amount)
    {
        if (to >= AccountTree.Capacity) throw new ArgumentOutOfRangeException(nameof(to), $"an account index is below 2^{AccountTree.Depth}");
        if (amount is 0 or > AccountLeaf.MaxBalance) throw new ArgumentOutOfRangeException(nameof(amount), "a deposit is 1 to 2^62 - 1");
        RollupId = rollupId;
        To = to;
        Key = key;
        Amount = amount;
    }

    public uint RollupId { get; }
    public uint To { get; }
    public ZkPublicKey Key { get; }
    public ulong Amount { get; }
    public override TxKind Kind => TxKind.ZkDeposit;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU32(RollupId);
        writer.WriteU32(To);
        writer.WriteRaw(Key.ToArray());
        writer.WriteU64(Amount);
    }

    internal static ZkDepositPayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU32("rollup id");
        var to = ZkCodec.ReadIndex(ref reader, "to");
        var key = ZkCodec.ReadKey(ref reader, "key");
        var amount = ZkCodec.ReadAmount(ref reader, "amount");
        return new ZkDepositPayload(id, to, key, amount);
    }
}
