using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>
/// Queues a signed L2 transaction for forced inclusion. Body: rollup id (u64) ‖ L2 kind (u8, an
/// <see cref="OptimisticTxKind"/>) ‖ L2 transaction (u32 length ‖ its own encoding, at most 512 bytes), which must
/// decode as that kind (<see cref="ForcedL2Transaction"/>); execution also checks its L2 signature.
/// </summary>
public sealed class RollupForceIncludePayload : TxPayload
{
    /// <summary>Covers the L2 signature check and the queue record.</summary>
    public const ulong Gas = 60_000;

    public RollupForceIncludePayload(ulong rollupId, byte l2Kind, byte[] l2Transaction)
    {
        ArgumentNullException.ThrowIfNull(l2Transaction);
        if (l2Transaction.Length > RollupLimits.MaxForcedTransactionBytes) throw new ArgumentException($"a forced L2 transaction is at most {RollupLimits.MaxForcedTransactionBytes} bytes", nameof(l2Transaction));
        try
        {
            ForcedL2Transaction.Validate(l2Kind, l2Transaction);
        }
        catch (CodecException e)
        {
            throw new ArgumentException($"not an L2 transaction of kind {l2Kind}: {e.Message}", nameof(l2Transaction), e);
        }
        RollupId = rollupId;
        L2Kind = l2Kind;
        L2Transaction = l2Transaction;
    }

    public static RollupForceIncludePayload Transfer(ulong rollupId, OptimisticTransfer transfer)
        => new(rollupId, (byte)OptimisticTxKind.Transfer, transfer.Encode());

    public static RollupForceIncludePayload Withdrawal(ulong rollupId, OptimisticWithdrawal withdrawal)
        => new(rollupId, (byte)OptimisticTxKind.Withdrawal, withdrawal.Encode());

    public ulong RollupId { get; }
    public byte L2Kind { get; }
    public byte[] L2Transaction { get; }
    public override TxKind Kind => TxKind.RollupForceInclude;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU8(L2Kind);
        writer.WriteBytes(L2Transaction);
    }

    internal static RollupForceIncludePayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU64("rollup id");
        var kind = reader.ReadU8("l2 kind");
        var at = reader.Position;
        var bytes = reader.ReadBytes(RollupLimits.MaxForcedTransactionBytes, "l2 transaction");
        try
        {
            ForcedL2Transaction.Validate(kind, bytes);
        }
        catch (CodecException e)
        {
            throw new CodecException(e.Error, $"forced L2 transaction: {e.Message}", at);
        }
        return new RollupForceIncludePayload(id, kind, bytes.ToArray());
    }
}
