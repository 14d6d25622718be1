using Lamina.Core;

namespace Lamina.L2.Zk.Settlement;

/// <summary>
/// A batch L1 included as failed (zkl1_getRejections): its fee was charged, the root did not move. <see cref="Index"/>
/// numbers L1's rejections of the rollup from 0; <see cref="Ours"/> says whether this settlement client's key sent it;
/// <see cref="Reason"/> is L1's <c>ZkRollupError</c> name and <see cref="Detail"/> its sub-reason (the STARK's
/// <c>ProofRejection</c>, part 1's <c>ZkBatchRejection</c>), both consensus state, so every L1 node answers the same;
/// <see cref="Message"/> is the answering node's text, null when it did not verify the batch itself.
/// <see cref="UnknownReason"/> is for an L1 that cannot say (none of Lamina's since the reason became state).
/// </summary>
public sealed record ZkL1Rejection(ulong Index, ulong BatchNumber, ulong L1Height, Hash256 TxHash, bool Ours, string Reason, string? Message, string? Detail = null)
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
