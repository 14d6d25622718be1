namespace Lamina.Client.Views;

/// <summary>
/// A rollup's registered L2 fee schedule (<c>l2Fees</c> of rollup_get): an L2 transaction must pay
/// <see cref="ExecutionFee"/> + the L1 origin's blob base fee per byte × max(<see cref="DataBytesPerTransaction"/>,
/// <see cref="MinDataBytes"/>). All zero: free.
/// </summary>
public sealed record RollupFeesView(ulong ExecutionFee, uint DataBytesPerTransaction, uint MinDataBytes)
{
    public static RollupFeesView Free { get; } = new(0, 0, 0);

    /// <summary>The fee an L2 transaction needs when the origin charges <paramref name="blobBaseFeePerByte"/> per byte (saturating).</summary>
    public ulong RequiredFee(ulong blobBaseFeePerByte)
    {
        var fee = (UInt128)blobBaseFeePerByte * Math.Max(DataBytesPerTransaction, MinDataBytes) + ExecutionFee;
        return fee > ulong.MaxValue ? ulong.MaxValue : (ulong)fee;
    }

    public static RollupFeesView Read(ViewReader r) => new(r.AmountU64("executionFee"), r.UInt("dataBytesPerTransaction"), r.UInt("minDataBytes"));
}
