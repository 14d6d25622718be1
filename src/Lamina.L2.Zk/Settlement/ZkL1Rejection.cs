using Lamina.Core;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// A batch L1 included as failed (zkl1_getRejections): its fee was charged, the root did not move. <see cref="Index"/>
/// numbers L1's rejections of the rollup from 0; <see cref="Ours"/> says whether this settlement client's key sent it;
/// <see cref="Reason"/> is L1's <c>ZkRollupError</c> name, or <see cref="UnknownReason"/> when the L1 node read did not
/// execute the batch with its pubdata (L1 keeps the reason outside consensus state).
/// </summary>
public sealed record ZkL1Rejection(ulong Index, ulong BatchNumber, ulong L1Height, Hash256 TxHash, bool Ours, string Reason, string? Message)
{
    public const string UnknownReason = "unknown";

    /// <summary>The one failure that says nothing about the bytes: the block's proposer did not hold the pubdata blob.</summary>
    public const string PubdataUnavailable = "PubdataUnavailable";

    /// <summary>
    /// Whether sending the same bytes again would fail the same way: every batch failure L1 records is a verdict on the
    /// bytes (proof, pubdata, priority queue, effects) except a missing blob. An unknown reason counts as final: paying
    /// again for what is most likely the same verdict is the worse mistake.
    /// </summary>
    public bool Final => Reason != PubdataUnavailable;
}
