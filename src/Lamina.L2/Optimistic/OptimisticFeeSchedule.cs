namespace Lamina.L2.Optimistic;

/// <summary>
/// The L2 fee rule: an execution fee plus a data fee that follows the DA blob base fee, so users pay for the bytes
/// the rollup posts. After OP Stack Fjord, every transaction is charged for at least <see cref="MinDataBytes"/>
/// posted bytes (Fjord's floor is 100); <see cref="DataBytesPerTransaction"/> is the batch codec's per-transaction
/// estimate. The blob base fee is the one of the L1 origin block the L2 block derives from, so every verifier
/// computes the same required fee.
/// </summary>
public readonly record struct OptimisticFeeSchedule(ulong ExecutionFee, ulong BlobBaseFeePerByte, uint DataBytesPerTransaction, uint MinDataBytes)
{
    public const uint FjordMinDataBytes = 100;

    /// <summary>No fee required: for tests and devnets that do not exercise fees.</summary>
    public static OptimisticFeeSchedule Free => new(0, 0, 0, 0);

    public static OptimisticFeeSchedule ForBlobBaseFee(ulong executionFee, ulong blobBaseFeePerByte, uint dataBytesPerTransaction) =>
        new(executionFee, blobBaseFeePerByte, dataBytesPerTransaction, FjordMinDataBytes);

    /// <summary>The smallest fee a transaction must pay, or an overflow error when the parameters are absurd.</summary>
    public ulong RequiredFee()
    {
        var bytes = Math.Max(DataBytesPerTransaction, MinDataBytes);
        UInt128 fee = (UInt128)BlobBaseFeePerByte * bytes + ExecutionFee;
        if (fee > ulong.MaxValue)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BalanceOverflow, "required fee overflows u64");
        return (ulong)fee;
    }
}
