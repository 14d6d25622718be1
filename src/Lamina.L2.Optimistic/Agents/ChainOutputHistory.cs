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
        var rules = RulesOf(b);
        if (StateAt(block, cursor, pre.StateRoot) is not { } state) return null;
        var (witness, _) = OneStepWitnessGenerator.Generate(state, pre.StateRoot, transactions[cursor], rules);
        return new StepProof(pre, transactions[cursor].Encode(), BinaryMerkleTree.Prove(ExecutionStep.LeafHashes(transactions), cursor), witness.Encode());
    }

    private OptimisticRuleContext RulesOf(L2Block block) => feesAtOrigin is null ? context : context with { Fees = feesAtOrigin(block.Header.L1Origin) };

    private ISmtNodeStore? StateAt(ulong block, int cursor, Hash256 root) => RootAfter(Block(block), cursor) == root ? StateAfter(block, cursor) : null;

    private Hash256 RootAfter(L2Block block, int cursor) => cursor == 0 ? Block(block.Header.Number - 1).Header.StateRoot : block.IntermediateRoots[cursor - 1];

    /// <summary>
    /// A store holding the state after the first <paramref name="cursor"/> transactions of <paramref name="block"/>. A
    /// node keeps block states only (derivation and the sequencer seal each block's, and sweeps drop the rest), so a
    /// state between two transactions is rebuilt by re-executing the block from its parent's state in a throw-away
    /// layer; a parent state swept too is rebuilt from the nearest ancestor still held. Each re-executed transaction
    /// must give the root the block recorded.
    /// </summary>
    public ISmtNodeStore StateAfter(ulong block, int cursor)
    {
        var b = Block(block);
        if (Held(store, RootAfter(b, cursor))) return store;
        var from = block - 1;
        while (!Held(store, Block(from).Header.StateRoot)) from--; // block 0's state, the empty tree, is always held
        var layer = new BufferedSmtNodeStore(store);
        for (var n = from + 1; n <= block; n++) Replay(layer, Block(n), n == block ? cursor : Block(n).Transactions.Count, Block(n - 1).Header.StateRoot);
        return layer;
    }

    private void Replay(ISmtNodeStore layer, L2Block block, int count, Hash256 root)
    {
        var rules = RulesOf(block);
        var machine = new OptimisticStateMachine(layer, rules.ChainId, rules.RollupId, rules.Sequencer, rules.Fees, rules.Deposits);
        for (var i = 0; i < count; i++)
        {
            var result = machine.Apply(root, L2Block.OneStepOf(block.Transactions[i]));
            if (!result.Applied || result.PostRoot != block.IntermediateRoots[i])
                throw new InvalidOperationException($"L2 block {block.Header.Number} transaction {i} re-executes to {result.PostRoot} (refused: {result.Rejection}), not the recorded {block.IntermediateRoots[i]}");
            root = result.PostRoot;
        }
    }

    /// <summary>Whether the whole state at <paramref name="root"/> is readable: a store keeps a node's subtree with it.</summary>
    private static bool Held(ISmtNodeStore nodes, Hash256 root) => root == SparseMerkleTree.EmptyRoot || nodes.GetNode(root) is not null;
}
