using Lamina.Core;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>Why derivation refused a block that a channel carried (the rest of that channel is refused with it).</summary>
public enum BatchRejection
{
    /// <summary>The channel could not be decompressed or decoded.</summary>
    Malformed,
    /// <summary>The block number skips ahead of the safe head.</summary>
    Gap,
    /// <summary>The L1 origin is below the parent's.</summary>
    OriginRegressed,
    /// <summary>The L1 origin is above the L1 block that carried the batch.</summary>
    OriginInFuture,
    /// <summary>The batch landed more than the sequencing window after its origin.</summary>
    WindowExpired,
    /// <summary>The time does not follow the parent, precedes its origin, or drifts past it by more than allowed.</summary>
    BadTimestamp,
}

/// <summary>A refused block: where the batch landed, which block, and why.</summary>
public readonly record struct RejectedBatchBlock(ulong L1Height, ulong Number, BatchRejection Reason);

/// <summary>An output root posted on L1 that disagrees with the derived chain (issue 14's dispute game takes it from here).</summary>
public readonly record struct OutputMismatch(ulong L2BlockNumber, Hash256 Posted, Hash256 Derived);
