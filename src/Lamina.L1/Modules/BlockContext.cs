using Lamina.Consensus;
using Lamina.Core;

namespace Lamina.L1.Modules;

/// <summary>
/// What every hook and every transaction of one block sees about that block. <see cref="Evidence"/> is the block's
/// double-sign evidence, already verified against the signing set of its height (the staking module punishes it in
/// its begin-block hook).
/// </summary>
public readonly record struct BlockContext(
    string ChainId,
    ulong Height,
    ulong TimeMs,
    Address Proposer,
    ulong BaseFeePerGas,
    IReadOnlyList<DuplicateVoteEvidence> Evidence)
{
    /// <summary>
    /// Set only when a block arrives with the commit that finalized it (block sync past the sidecar retention window,
    /// or a decided block whose sidecars this node never got): the header's data root, which the blob module then
    /// takes as given for blobs whose bytes are not held. Two thirds of the stake prevoted it only after holding or
    /// sampling the data. Zero for proposals, whose data must be here to be checked.
    /// </summary>
    public Hash256 CommittedDataRoot { get; init; }

    /// <summary>
    /// Only with <see cref="CommittedDataRoot"/>: the one transaction whose data-dependent verification (a ZK batch
    /// proof against pubdata this node does not hold) is taken as having failed when the block was decided; zero
    /// takes every such transaction as having passed. The pipeline tries zero first, then each candidate, and keeps
    /// the run whose state root is the header's (a block includes at most one failed ZK batch).
    /// </summary>
    public Hash256 AssumedFailedTx { get; init; }

    /// <summary>
    /// With <see cref="AssumedFailedTx"/>: the typed reason it is assumed to have failed with, as the module that
    /// records it encodes it (the ZK module's <c>ZkBatchFailure.Code</c>); the reason is consensus state, so the
    /// pipeline tries each of the module's candidate codes too.
    /// </summary>
    public uint AssumedFailureCode { get; init; }

    /// <summary>A context for executing transactions outside a whole block (tests, benchmarks, the mempool's dry runs).</summary>
    public static BlockContext ForTransactions(string chainId, ulong height, ulong baseFee, Address proposer)
        => new(chainId, height, 0, proposer, baseFee, []);
}
