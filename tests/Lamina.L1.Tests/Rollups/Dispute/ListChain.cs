using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// A chain of given transaction lists (block 1, 2, …) executed in order under one rule context, with headers in the L2
/// chain's encoding; block <see cref="Judged"/> can instead be executed under another context (a challenger that holds
/// the liar's list and runs it under L1's rules) while the outputs stay this chain's own.
/// </summary>
internal sealed class ListChain : IOutputHistory
{
    private readonly List<DisputeKit> _traces = [];
    private readonly List<byte[]> _headers = [];

    public ListChain(IReadOnlyList<IReadOnlyList<OneStepTransaction>> blocks, OptimisticRuleContext context)
    {
        var store = new InMemorySmtNodeStore();
        var state = SparseMerkleTree.EmptyRoot;
        Store = store;
        _traces.Add(new DisputeKit([], state, store, context));
        _headers.Add(ChainKit.HeaderBytes(0, Hash256.Zero, 0, ExecutionStep.TxListRootOf([]), state));
        foreach (var txs in blocks)
        {
            var trace = new DisputeKit(txs, state, store, context);
            _traces.Add(trace);
            state = trace.Final.StateRoot;
            var number = (ulong)_headers.Count;
            _headers.Add(ChainKit.HeaderBytes(number, L2HeaderPreimage.Decode(_headers[^1]).Hash, (uint)txs.Count, ExecutionStep.TxListRootOf(txs), state));
        }
    }

    public InMemorySmtNodeStore Store { get; }

    /// <summary>A block whose execution this party judges by another trace (its outputs and headers stay this chain's).</summary>
    public (ulong Block, DisputeKit Trace)? Judged { get; set; }

    private DisputeKit TraceOf(ulong block) => Judged is { } j && j.Block == block ? j.Trace : _traces[(int)block];

    public DisputeKit Trace(ulong block) => _traces[(int)block];

    public Hash256 OutputRoot(ulong block) => Output(block)!.Value.Root;

    public OptimisticOutput? Output(ulong block) => L2HeaderPreimage.Decode(_headers[(int)block]).Output;

    public byte[]? Header(ulong block) => _headers[(int)block];

    public ExecutionPoint? Point(ulong block, ulong traceIndex) => TraceOf(block).At(traceIndex);

    public ulong Origin(ulong block) => 0;

    public ExecutionPoint Final(ulong block) => TraceOf(block).Final;

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => TraceOf(block).ProofFrom(pre);
}
