namespace Lamina.L2.Optimistic;

/// <summary>
/// The delay buffer after an L2 block (<see cref="DelayBufferConfig"/>): <see cref="BufferBlocks"/> and the L1 height
/// the newest forced transaction consumed so far was submitted at (the reference the next update counts from). It is
/// a function of the chain alone (each block's origin and forced-queue position, and the queue's submission heights),
/// so the sequencer and every verifier compute the same window for every block.
/// </summary>
public readonly record struct DelayBufferState(ulong BufferBlocks, ulong LastSubmittedHeight)
{
    public static DelayBufferState Full(DelayBufferConfig config, ulong genesisL1Height) => new(config.MaxBlocks, genesisL1Height);

    /// <summary>
    /// After a block with L1 origin <paramref name="origin"/> consumed forced transactions, the newest of them
    /// submitted at <paramref name="submitted"/> (after Arbitrum's <c>calcBuffer</c>). Its delay is origin −
    /// submitted; the part beyond the threshold depletes the buffer, but by no more than the L1 blocks elapsed in the
    /// forced queue since the last update, so several transactions delayed together count once. Replenishment is
    /// rounded down; the result saturates at the maximum above and the threshold below.
    /// <i>Deviation:</i> Arbitrum applies a batch's delay at the next batch (it needs the delayed message's proof
    /// first); derivation knows both ends at once, so the delay applies in the block that consumes the transaction.
    /// </summary>
    public DelayBufferState After(DelayBufferConfig config, ulong submitted, ulong origin)
    {
        ArgumentNullException.ThrowIfNull(config);
        var elapsed = submitted > LastSubmittedHeight ? submitted - LastSubmittedHeight : 0;
        var delay = origin > submitted ? origin - submitted : 0;
        var buffer = (UInt128)BufferBlocks + (UInt128)elapsed * config.ReplenishRateBasisPoints / DelayBufferConfig.Basis;
        var unexpected = Math.Min(delay > config.ThresholdBlocks ? delay - config.ThresholdBlocks : 0, elapsed);
        buffer = buffer > unexpected ? buffer - unexpected : 0;
        var bounded = buffer > config.MaxBlocks ? config.MaxBlocks : buffer < config.ThresholdBlocks ? config.ThresholdBlocks : (ulong)buffer;
        return new DelayBufferState(bounded, Math.Max(LastSubmittedHeight, submitted));
    }
}
