using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The L2 blocks a node holds (derived from L1 and DA, or sequenced) as the history the dispute solver plays by
/// (<see cref="DisputeSolver"/>): each block's output and header, its execution point after every transaction (the
/// block's intermediate roots: an honest block records only transactions that applied), and step proofs built from
/// the node's state store under the rollup's rule context. <paramref name="blocks"/> answers null for a block the node
/// does not hold; a challenger plays only games whose blocks it holds.
/// </summary>
/// <remarks>
/// <paramref name="feesAtOrigin"/> gives a block's fee schedule from its L1 origin (the registered schedule at the
/// origin's blob base fee, as derivation executed it); without it every block runs under <paramref name="context"/>'s.
/// </remarks>
public sealed class ChainOutputHistory(Func<ulong, L2Block?> blocks, ISmtNodeStore store, OptimisticRuleContext context, Func<ulong, OptimisticFeeSchedule>? feesAtOrigin = null) : IOutputHistory
{
    private L2Block Block(ulong number) => blocks(number) ?? throw new InvalidOperationException($"L2 block {number} is not held by this node");

    public Hash256 OutputRoot(ulong block) => Block(block).Header.Output.Root;

    public OptimisticOutput? Output(ulong block) => Block(block).Header.Output;

    public byte[]? Header(ulong block) => Block(block).Header.Encode();

    public ExecutionPoint? Point(ulong block, ulong traceIndex)
    {
        var b = Block(block);
        var count = (uint)b.Transactions.Count;
        var cursor = (uint)Math.Min(traceIndex + 1, count);
        // Cursor 0 happens only for an empty block, whose state root is its parent's.
        var root = cursor == 0 ? b.Header.StateRoot : b.IntermediateRoots[(int)cursor - 1];
        return new ExecutionPoint(root, b.Header.TxRoot, count, cursor, true);
    }

    public ulong Origin(ulong block) => Block(block).Header.L1Origin;

    public ExecutionPoint Final(ulong block)
    {
        var header = Block(block).Header;
        return new ExecutionPoint(header.StateRoot, header.TxRoot, header.TxCount, header.TxCount, true);
    }

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre)
    {
        if (pre.Finished || !pre.AllApplied) return StepProof.Identity(pre);
        var b = Block(block);
        var transactions = b.Transactions.Select(L2Block.OneStepOf).ToArray();
        var cursor = (int)pre.Cursor;
        var rules = feesAtOrigin is null ? context : context with { Fees = feesAtOrigin(b.Header.L1Origin) };
        var (witness, _) = OneStepWitnessGenerator.Generate(store, pre.StateRoot, transactions[cursor], rules);
        return new StepProof(pre, transactions[cursor].Encode(), BinaryMerkleTree.Prove(ExecutionStep.LeafHashes(transactions), cursor), witness.Encode());
    }
}
