namespace Lamina.L2.Optimistic;

/// <summary>
/// Arbitrum BoLD's delay buffer for forced inclusion (nitro-contracts' <c>DelayBuffer</c>), in L1 blocks: forced
/// transactions are expected to wait up to <see cref="ThresholdBlocks"/>; every block of delay beyond that, when the
/// sequencer finally takes one (or derivation forces it), is taken from the buffer, and the buffer grows back by
/// <see cref="ReplenishRateBasisPoints"/>/10,000 of a block per L1 block that passes in the forced queue, up to
/// <see cref="MaxBlocks"/>. The forced-inclusion window in force is min(the configured window, the buffer), never
/// below the threshold: a sequencer caught delaying sees its window shrink to the threshold and regain it slowly.
/// </summary>
public sealed record DelayBufferConfig(ulong ThresholdBlocks, ulong MaxBlocks, ulong ReplenishRateBasisPoints)
{
    public const ulong Basis = 10_000;

    /// <summary>
    /// The node roles' parameters for a forced-inclusion window of <paramref name="window"/> L1 blocks: a full buffer is
    /// the whole window, a depleted one an eighth of it (at least 1 block), and it replenishes at 5 % of a block per
    /// L1 block (a window's depletion takes twenty windows of forced traffic to regain).
    /// </summary>
    public static DelayBufferConfig ForWindow(ulong window) => new(Math.Max(1, window / 8), Math.Max(1, window), 500);

    /// <summary>
    /// The forced-inclusion window a block is held to when its parent's header carries <paramref name="deficit"/>
    /// (how far the buffer is below its maximum; 0 = full): min(<paramref name="window"/>, the buffer).
    /// </summary>
    public ulong WindowWith(ulong window, ulong deficit) => Math.Min(window, MaxBlocks - Math.Min(deficit, MaxBlocks));

    /// <summary>
    /// The deficit a block carries in its header: its parent's, updated (<see cref="DelayBufferState.After"/>) when the
    /// block consumes forced transactions, the newest of them submitted at <paramref name="newestSubmitted"/>.
    /// <paramref name="parentLastSubmitted"/> is the submission height of the last forced transaction the parent had
    /// consumed through (the rollup's first L1 height before any): both ends are in the forced queue, so the sequencer,
    /// derivation and L1's game all compute it from the parent header and the queue alone.
    /// </summary>
    public ulong DeficitAfter(ulong parentDeficit, ulong parentLastSubmitted, ulong? newestSubmitted, ulong origin)
    {
        if (newestSubmitted is not { } submitted) return parentDeficit;
        var state = new DelayBufferState(MaxBlocks - Math.Min(parentDeficit, MaxBlocks), parentLastSubmitted).After(this, submitted, origin);
        return MaxBlocks - state.BufferBlocks;
    }

    /// <summary>Null when usable, else what is wrong (Arbitrum's <c>isValidBufferConfig</c>).</summary>
    public string? Problem()
    {
        if (ThresholdBlocks == 0) return "the delay buffer threshold must be at least one L1 block";
        if (MaxBlocks < ThresholdBlocks) return $"the delay buffer maximum ({MaxBlocks}) is below its threshold ({ThresholdBlocks})";
        if (ReplenishRateBasisPoints > Basis) return $"the replenish rate must be at most {Basis} basis points, got {ReplenishRateBasisPoints}";
        return null;
    }
}
