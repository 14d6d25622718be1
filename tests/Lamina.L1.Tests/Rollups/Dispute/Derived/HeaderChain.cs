using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>The header fields of one L2 block that derivation fixes (everything but the list and the states).</summary>
internal readonly record struct BlockFields(ulong Origin, ulong TimeMs, ulong NextDeposit, ulong NextForced, ulong DelayBufferDeficit = 0);

/// <summary>
/// A chain of given lists with full L2 headers (origin, time, queue positions as given), each list executed in order
/// from its parent's state: what a proposer holds, whether its lists are derivation's or its own. It plays the game
/// on header lists (the path that existed before lists were derived on L1).
/// </summary>
internal class HeaderChain : IOutputHistory
{
    private readonly List<DisputeKit> _traces = [];
    private readonly List<byte[]> _headers = [];

    public HeaderChain(IReadOnlyList<IReadOnlyList<OneStepTransaction>> lists, IReadOnlyList<BlockFields> fields, OptimisticRuleContext context, InMemorySmtNodeStore? store = null)
    {
        Store = store ?? new InMemorySmtNodeStore();
        var state = SparseMerkleTree.EmptyRoot;
        _traces.Add(new DisputeKit([], state, Store, context));
        _headers.Add(HeaderBytes(0, Hash256.Zero, default, [], state));
        for (var b = 0; b < lists.Count; b++)
        {
            var trace = new DisputeKit(lists[b], state, Store, context);
            if (!trace.Final.AllApplied) throw new InvalidOperationException($"block {b + 1}'s list must apply in full");
            _traces.Add(trace);
            state = trace.Final.StateRoot;
            _headers.Add(HeaderBytes((ulong)b + 1, L2HeaderPreimage.Decode(_headers[^1]).Hash, fields[b], lists[b], state));
        }
    }

    public InMemorySmtNodeStore Store { get; }

    public int Blocks => _headers.Count - 1;

    public DisputeKit Trace(ulong block) => _traces[(int)block];

    public static byte[] HeaderBytes(ulong number, Hash256 parent, BlockFields fields, IReadOnlyList<OneStepTransaction> list, Hash256 stateRoot)
    {
        var writer = new CanonicalWriter(L2HeaderPreimage.EncodedSize);
        writer.WriteU8(L2HeaderPreimage.Version);
        writer.WriteU64(number);
        writer.WriteHash(parent);
        writer.WriteU64(fields.Origin);
        writer.WriteU64(fields.TimeMs);
        writer.WriteU64(fields.NextDeposit);
        writer.WriteU64(fields.NextForced);
        writer.WriteU64(fields.DelayBufferDeficit);
        writer.WriteU32((uint)list.Count);
        writer.WriteHash(ExecutionStep.TxListRootOf(list));
        writer.WriteHash(stateRoot);
        return writer.ToArray();
    }

    public Hash256 OutputRoot(ulong block) => Output(block)!.Value.Root;

    public OptimisticOutput? Output(ulong block) => L2HeaderPreimage.Decode(_headers[(int)block]).Output;

    public byte[]? Header(ulong block) => _headers[(int)block];

    public ExecutionPoint? Point(ulong block, ulong traceIndex) => _traces[(int)block].At(traceIndex);

    public ulong Origin(ulong block) => L2HeaderPreimage.Decode(_headers[(int)block]).L1Origin;

    public ExecutionPoint Final(ulong block) => _traces[(int)block].Final;

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => _traces[(int)block].ProofFrom(pre);
}
