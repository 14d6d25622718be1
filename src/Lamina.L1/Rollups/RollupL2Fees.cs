using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>
/// The L2 fee schedule a rollup is registered with, so every party reads it from L1: the sequencer's admission,
/// derivation's execution, and the dispute game's one-step rule context. An L2 transaction must pay
/// <see cref="ExecutionFee"/> + the L1 origin block's blob base fee per byte × max(<see cref="DataBytesPerTransaction"/>,
/// <see cref="MinDataBytes"/>) (<see cref="OptimisticFeeSchedule"/>; OP Stack Fjord's floor is 100 bytes). The price
/// per byte is never registered: it is always the origin block's, so users pay for what the rollup posts.
/// All zero (<see cref="Free"/>) charges nothing.
/// Encoding: execution fee (u64) ‖ data bytes per transaction (u32) ‖ minimum data bytes (u32), 16 bytes.
/// </summary>
public readonly record struct RollupL2Fees(ulong ExecutionFee, uint DataBytesPerTransaction, uint MinDataBytes)
{
    public const int EncodedSize = 8 + 4 + 4;

    public static RollupL2Fees Free => default;

    /// <summary>The schedule of an L2 block whose L1 origin charged <paramref name="blobBaseFeePerByte"/> per blob byte.</summary>
    public OptimisticFeeSchedule At(ulong blobBaseFeePerByte) => new(ExecutionFee, blobBaseFeePerByte, DataBytesPerTransaction, MinDataBytes);

    /// <summary>Null when in range, else what is wrong (the byte counts are bounded so the data fee stays meaningful).</summary>
    public string? Problem()
    {
        if (DataBytesPerTransaction > RollupLimits.MaxL2DataBytesPerTransaction) return $"the L2 data bytes per transaction must be at most {RollupLimits.MaxL2DataBytesPerTransaction}, got {DataBytesPerTransaction}";
        if (MinDataBytes > RollupLimits.MaxL2DataBytesPerTransaction) return $"the L2 minimum data bytes must be at most {RollupLimits.MaxL2DataBytesPerTransaction}, got {MinDataBytes}";
        return null;
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU64(ExecutionFee);
        writer.WriteU32(DataBytesPerTransaction);
        writer.WriteU32(MinDataBytes);
    }

    public static RollupL2Fees Read(ref CanonicalReader reader)
        => new(reader.ReadU64("l2 execution fee"), reader.ReadU32("l2 data bytes per transaction"), reader.ReadU32("l2 minimum data bytes"));
}
