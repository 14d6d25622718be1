using Lamina.Consensus;
using Lamina.Core.Merkle;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Modules;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Chain;

/// <summary>
/// The one path a block takes from its parent's state to a committed root, for the proposer (build) and for
/// everyone else (verify): begin-block hooks (evidence is punished there) → transactions → end-block hooks →
/// next validator set → module header fields → state commit. Build writes the header from the result; verify
/// compares the header with it. Header and commit checks that need no execution stay with <see cref="Blockchain"/>.
/// </summary>
internal sealed class BlockPipeline(ChainStore store, BlockExecutor executor)
{
    /// <summary>Committed blocks execution refused, refused again without executing (block sync offers them once per peer and round).</summary>
    public RefusedBlocks Refused { get; } = new();

    /// <summary>
    /// Executes <paramref name="candidates"/> on <paramref name="parent"/>'s state as the proposer and writes the
    /// header. Candidates that cannot apply are left out and reported to <paramref name="dropped"/>.
    /// </summary>
    public PreparedBlock Build(Block parent, in BlockContext context, IReadOnlyList<Transaction> candidates, ValidatorSet validators, Commit? lastCommit, Action<Transaction> dropped)
    {
        var (state, nodes) = Open(parent);
        var run = executor.Run(state, context, candidates, ExecutionMode.Build, dropped);
        var (next, root) = Finish(state);
        var header = new BlockHeader(context.ChainId, context.Height, parent.Hash, context.TimeMs, context.Proposer, root,
            Block.ComputeTxRoot(run.Included), run.HeaderFields.DataRoot, validators.Hash, next.Hash,
            Block.ComputeLastCommitHash(lastCommit), Block.ComputeEvidenceHash(context.Evidence), context.BaseFeePerGas, run.GasUsed);
        return new PreparedBlock(new Block(header, run.Included, lastCommit, context.Evidence), run.Receipts, nodes);
    }

    /// <summary>
    /// Re-executes <paramref name="block"/> on <paramref name="parent"/>'s state and checks every header field that
    /// execution determines. Throws <see cref="InvalidBlockException"/> naming the first that differs.
    /// </summary>
    /// <param name="committed">The block comes with a verified commit: blobs whose sidecars are not held keep the header's data root.</param>
    public PreparedBlock Verify(Block parent, Block block, bool committed)
    {
        if (!committed) return Verify(parent, block, Context(block, committed));
        if (Refused.Find(block) is { } earlier)
        {
            throw new InvalidBlockException(earlier.Error, $"block {block.Height} {block.Hash} was refused before and is not executed again: {earlier.Message}")
            {
                CommittedBlockRefused = true,
            };
        }
        try
        {
            return VerifyCommitted(parent, block);
        }
        catch (InvalidBlockException e)
        {
            Refused.Remember(block, e);
            throw new InvalidBlockException(e.Error, e.Message) { CommittedBlockRefused = true };
        }
    }

    private static BlockContext Context(Block block, bool committed)
    {
        var h = block.Header;
        return new BlockContext(h.ChainId, h.Height, h.TimeMs, h.Proposer, h.BaseFeePerGas, block.Evidence)
        {
            CommittedDataRoot = committed ? h.DataRoot : Core.Hash256.Zero,
        };
    }

    private PreparedBlock VerifyCommitted(Block parent, Block block)
    {
        var context = Context(block, committed: true);
        try
        {
            return Verify(parent, block, context);
        }
        catch (InvalidBlockException e) when (e.Error == BlockError.BadStateRoot)
        {
            // A committed block whose ZK batch failed when it was decided: without the pubdata this node cannot
            // re-verify it, so it finds which one (at most one per block) and its recorded reason (one of
            // ZkBatchFailure.CandidateCodes, 19) by the state root the commit attests. Only block sync of blocks whose
            // sidecars are gone takes this path, and only for a block that included a failed, charged batch.
            foreach (var tx in block.Transactions)
            {
                if (tx.Payload is Blobs.BlobPayload || tx.Payload.CarriedBlob is not { HasData: false }) continue;
                foreach (var code in ZkRollups.ZkBatchFailure.CandidateCodes)
                {
                    try
                    {
                        return Verify(parent, block, context with { AssumedFailedTx = tx.Hash, AssumedFailureCode = code });
                    }
                    catch (InvalidBlockException)
                    {
                        // not this one
                    }
                }
            }
            throw;
        }
    }

    private PreparedBlock Verify(Block parent, Block block, in BlockContext context)
    {
        var h = block.Header;
        var (state, nodes) = Open(parent);
        var run = executor.Run(state, context, block.Transactions, ExecutionMode.Verify);
        if (run.GasUsed != h.GasUsed) throw new InvalidBlockException(BlockError.BadGasUsed, $"block claims {h.GasUsed} gas, execution used {run.GasUsed}");
        var (next, root) = Finish(state);
        if (next.Hash != h.NextValidatorSetHash) throw new InvalidBlockException(BlockError.BadValidatorSet, "next validator set hash does not match the stake after this block");
        if (run.HeaderFields.DataRoot != h.DataRoot) throw new InvalidBlockException(BlockError.BadDataRoot, $"data root {h.DataRoot} does not match the block's data ({run.HeaderFields.DataRoot})");
        if (root != h.StateRoot) throw new InvalidBlockException(BlockError.BadStateRoot, $"state root {h.StateRoot} does not match execution ({root})");
        return new PreparedBlock(block, run.Receipts, nodes);
    }

    private (WorldState State, BufferedSmtNodeStore Nodes) Open(Block parent)
    {
        var nodes = new BufferedSmtNodeStore(store.StateNodes);
        return (new WorldState(nodes, parent.Header.StateRoot), nodes);
    }

    private static (ValidatorSet Next, Core.Hash256 Root) Finish(WorldState state)
    {
        // Staking always writes an active set at genesis and never deletes it, so it is present after any block.
        var next = StakingModule.GetActiveSet(state)!;
        return (next, state.Commit());
    }
}
