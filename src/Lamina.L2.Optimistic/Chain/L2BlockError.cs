namespace Lamina.L2.Optimistic.Chain;

/// <summary>Why an L2 block (or the inputs for one) was refused.</summary>
public enum L2BlockError
{
    /// <summary>Deposits or forced transactions do not continue the parent's queue positions.</summary>
    QueueGap,
    /// <summary>The block's L1 origin moves backwards.</summary>
    OriginRegressed,
    /// <summary>The timestamp moves backwards or leaves the allowed drift from the L1 origin.</summary>
    BadTimestamp,
    /// <summary>The block number or parent hash does not follow the parent.</summary>
    NotChild,
    /// <summary>The body disagrees with the header's roots or counts.</summary>
    BodyMismatch,
}
