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
    /// <summary>A context for executing transactions outside a whole block (tests, benchmarks, the mempool's dry runs).</summary>
    public static BlockContext ForTransactions(string chainId, ulong height, ulong baseFee, Address proposer)
        => new(chainId, height, 0, proposer, baseFee, []);
}
