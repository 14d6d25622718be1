using Lamina.Core;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>The three heads (OP Stack's names): unsafe (the sequencer's), safe (derived from final L1), finalized (an output root past its window).</summary>
public sealed record L2Heads(L2BlockHeader Unsafe, L2BlockHeader Safe, L2BlockHeader Finalized, IReadOnlyList<OutputMismatch> Mismatches, ulong L1Height)
{
    /// <summary>The forced-inclusion window (L1 blocks) the block after the safe head is held to: the delay buffer's, when the rollup has one.</summary>
    public ulong ForcedInclusionWindow { get; init; }
}

/// <summary>Where a transaction is: in a block (number and position), or accepted and waiting for the next block.</summary>
public sealed record L2TxLocation(L2Transaction Transaction, ulong? BlockNumber, int? Index, bool Safe);

/// <summary>What the l2_* RPC methods read, whichever role (sequencer or verifier) serves them.</summary>
public interface IL2Chain
{
    RollupConfig Config { get; }

    L2Heads Heads { get; }

    /// <summary>"sequencer" or "verifier".</summary>
    string Role { get; }

    /// <summary>The last round's failure (L1 or DA unreachable, a post refused), null when the last round succeeded.</summary>
    string? LastError { get; }

    /// <summary>True while derivation waits for a batch blob the DA layer does not serve (withheld data).</summary>
    bool WaitingForData { get; }

    L2Block? GetBlock(ulong number);

    /// <summary>The account at the unsafe head, including accepted transactions on a sequencer.</summary>
    OptimisticAccount GetAccount(Address address);

    L2TxLocation? GetTransaction(Hash256 hash);

    /// <summary>The proof of a withdrawal against the finalized output (what L1 checks), or null when it is not finalized yet.</summary>
    OptimisticWithdrawalProof? GetWithdrawalProof(Address sender, ulong nonce);
}
