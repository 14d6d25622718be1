namespace Lamina.L1.Blobs;

/// <summary>
/// EIP-4844's blob fee market, separate from execution gas: each block's excess blob gas is the parent's excess
/// plus the parent's blob gas minus the target (floored at zero), and the base fee per blob gas is
/// <c>fake_exponential(min_base_fee, excess, update_fraction)</c>, an integer Taylor series of
/// min · e^(excess / fraction). Everything is checked integer arithmetic; a fee too large for a u64 saturates at
/// <see cref="ulong.MaxValue"/> (no sender can pay it, so blobs stop until the excess drains).
/// </summary>
public static class BlobFeeMarket
{
    /// <summary>calc_excess_blob_gas: the excess a block starts with, from its parent's excess and blob gas used.</summary>
    public static ulong NextExcessBlobGas(ulong parentExcess, ulong parentBlobGasUsed, BlobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var total = checked(parentExcess + parentBlobGasUsed);
        return total < parameters.TargetBlobGasPerBlock ? 0 : total - parameters.TargetBlobGasPerBlock;
    }

    /// <summary>The base fee per blob gas (per byte) for a block with <paramref name="excessBlobGas"/>.</summary>
    public static ulong BaseFeePerBlobGas(ulong excessBlobGas, BlobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return FakeExponential(parameters.MinBaseFeePerBlobGas, excessBlobGas, parameters.BaseFeeUpdateFraction);
    }

    /// <summary>
    /// EIP-4844's <c>fake_exponential(factor, numerator, denominator)</c> ≈ factor · e^(numerator / denominator),
    /// in 128-bit integers. Each intermediate is checked before it is formed; any overflow means the true result is
    /// far beyond a u64, so the function saturates.
    /// </summary>
    public static ulong FakeExponential(ulong factor, ulong numerator, ulong denominator)
    {
        if (denominator == 0) throw new ArgumentOutOfRangeException(nameof(denominator), "the denominator must be positive");
        UInt128 output = 0;
        var accumulator = (UInt128)factor * denominator;
        for (ulong i = 1; accumulator > 0; i++)
        {
            if (UInt128.MaxValue - output < accumulator) return ulong.MaxValue;
            output += accumulator;
            if (output / denominator > ulong.MaxValue) return ulong.MaxValue;
            if (numerator != 0 && accumulator > UInt128.MaxValue / numerator) return ulong.MaxValue;
            var divisor = checked((UInt128)denominator * i);
            accumulator = checked(accumulator * numerator) / divisor;
        }
        return (ulong)(output / denominator);
    }

    /// <summary>What <paramref name="blobGas"/> bytes cost at <paramref name="baseFeePerBlobGas"/>: burned, like the execution base fee.</summary>
    public static UInt128 BlobFee(ulong blobGas, ulong baseFeePerBlobGas) => checked((UInt128)blobGas * baseFeePerBlobGas);
}
