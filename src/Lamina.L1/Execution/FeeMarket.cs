namespace Lamina.L1.Execution;

/// <summary>
/// EIP-1559 base fee: it moves by at most 1/8 per block towards keeping blocks half full. The base fee is burned;
/// senders add a tip for the proposer.
/// </summary>
public static class FeeMarket
{
    public const ulong ElasticityMultiplier = 2;
    public const ulong BaseFeeChangeDenominator = 8;
    /// <summary>A floor so the fee can always rise again (a zero base fee could never grow multiplicatively).</summary>
    public const ulong MinimumBaseFee = 1;

    public static ulong NextBaseFee(ulong parentBaseFee, ulong parentGasUsed, ulong blockGasLimit)
    {
        var target = blockGasLimit / ElasticityMultiplier;
        if (target == 0 || parentGasUsed == target) return Math.Max(parentBaseFee, MinimumBaseFee);
        if (parentGasUsed > target)
        {
            var delta = (UInt128)parentBaseFee * (parentGasUsed - target) / target / BaseFeeChangeDenominator;
            var increase = (ulong)UInt128.Max(delta, UInt128.One);
            return parentBaseFee > ulong.MaxValue - increase ? ulong.MaxValue : parentBaseFee + increase;
        }
        var decrease = (ulong)((UInt128)parentBaseFee * (target - parentGasUsed) / target / BaseFeeChangeDenominator);
        return Math.Max(parentBaseFee - decrease, MinimumBaseFee);
    }

    /// <summary>The tip per gas a transaction pays at a base fee: min(max priority fee, max fee − base fee).</summary>
    public static ulong EffectiveTip(ulong maxFeePerGas, ulong maxPriorityFeePerGas, ulong baseFee)
        => maxFeePerGas < baseFee ? 0 : Math.Min(maxPriorityFeePerGas, maxFeePerGas - baseFee);
}
