using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The small facts L1 applies when it accepts a batch, carried in the submission beside the proof: the new account
/// root, how many priority requests the batch consumed, the L1 payouts in pubdata order (every withdrawal and every
/// applied forced exit: recipient and amount, which may be 0 for an empty account's forced exit) and the serials of
/// consumed deposits the rollup refused (refunded on L1). When the pubdata is held, L1 derives these from it
/// (<see cref="FromPubdata"/>) and refuses a batch whose declared facts differ; a node importing a committed block
/// without the blob applies them as declared, which two thirds of the stake checked against the bytes.
/// Encoding: new account root (32) ‖ consumed (u32) ‖ payout count (u32) ‖ per payout recipient (20) ‖ amount (u64,
/// ≤ 2^62 − 1) ‖ refund count (u32) ‖ per refund serial (u64, strictly increasing).
/// </summary>
public sealed record ZkBatchEffects(RpoDigest NewAccountRoot, uint PriorityOpsConsumed, IReadOnlyList<ZkPayout> Payouts, IReadOnlyList<ulong> RefundedDeposits)
{
    /// <summary>The facts of <paramref name="pubdata"/>, whose first priority operation has serial <paramref name="firstSerial"/>.</summary>
    public static ZkBatchEffects FromPubdata(RpoDigest newAccountRoot, IReadOnlyList<PubdataOp> pubdata, ulong firstSerial)
    {
        ArgumentNullException.ThrowIfNull(pubdata);
        var payouts = new List<ZkPayout>();
        var refunds = new List<ulong>();
        uint consumed = 0;
        foreach (var op in pubdata)
        {
            switch (op.Kind)
            {
                case ZkTxKind.Withdrawal:
                    payouts.Add(new ZkPayout(op.Recipient, op.Amount));
                    break;
                case ZkTxKind.ForcedExit:
                    if (op.Applied) payouts.Add(new ZkPayout(op.Recipient, op.Amount));
                    consumed = checked(consumed + 1);
                    break;
                case ZkTxKind.Deposit:
                    if (!op.Applied) refunds.Add(checked(firstSerial + consumed));
                    consumed = checked(consumed + 1);
                    break;
            }
        }
        return new ZkBatchEffects(newAccountRoot, consumed, payouts, refunds);
    }

    /// <summary>The sum of the payouts (each ≤ 2^62, at most <see cref="ZkRollupLimits.MaxWithdrawals"/>: no overflow in u128).</summary>
    public UInt128 PayoutTotal
    {
        get
        {
            UInt128 total = 0;
            foreach (var payout in Payouts) total = checked(total + payout.Amount);
            return total;
        }
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteRaw(NewAccountRoot.ToBytes());
        writer.WriteU32(PriorityOpsConsumed);
        writer.WriteCount(Payouts.Count);
        foreach (var payout in Payouts)
        {
            writer.WriteAddress(payout.Recipient);
            writer.WriteU64(payout.Amount);
        }
        writer.WriteCount(RefundedDeposits.Count);
        foreach (var serial in RefundedDeposits) writer.WriteU64(serial);
    }

    public static ZkBatchEffects Read(ref CanonicalReader reader)
    {
        var root = ZkRollupConfig.ReadDigest(ref reader, "new account root");
        var consumed = reader.ReadU32("priority operations consumed");
        var count = reader.ReadCount(ZkRollupLimits.MaxWithdrawals, Address.Size + 8, "payouts");
        var payouts = new ZkPayout[count];
        for (var i = 0; i < count; i++) payouts[i] = new ZkPayout(reader.ReadAddress("payout recipient"), ZkCodec.ReadBalance(ref reader, "payout amount"));
        var refundCount = reader.ReadCount(ZkRollupLimits.MaxPendingPriorityOps, 8, "refunded deposits");
        var refunds = new ulong[refundCount];
        for (var i = 0; i < refundCount; i++)
        {
            var at = reader.Position;
            refunds[i] = reader.ReadU64("refunded serial");
            if (i > 0 && refunds[i] <= refunds[i - 1]) throw new CodecException(CodecError.NonCanonical, "refunded serials must be strictly increasing", at);
        }
        if ((ulong)refundCount > consumed) throw new CodecException(CodecError.InvalidValue, $"{refundCount} refunds for {consumed} consumed priority operations", reader.Position);
        return new ZkBatchEffects(root, consumed, payouts, refunds);
    }

    public bool Equals(ZkBatchEffects? other) =>
        other is not null && other.NewAccountRoot == NewAccountRoot && other.PriorityOpsConsumed == PriorityOpsConsumed
        && other.Payouts.SequenceEqual(Payouts) && other.RefundedDeposits.SequenceEqual(RefundedDeposits);

    public override int GetHashCode() => HashCode.Combine(NewAccountRoot, PriorityOpsConsumed, Payouts.Count, RefundedDeposits.Count);
}

/// <summary>One L1 credit a batch makes: a withdrawal or an applied forced exit.</summary>
public readonly record struct ZkPayout(Address Recipient, ulong Amount);
