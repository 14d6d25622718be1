using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// An honest L2 chain of <see cref="Blocks"/> blocks after block 0 (the anchor), each a real transaction list executed by
/// the state machine in one shared store, with headers in the L2 chain's encoding and tx roots over one-step encodings.
/// </summary>
internal sealed class ChainKit : IOutputHistory
{
    private readonly List<DisputeKit> _traces = [];
    private readonly List<byte[]> _headers = [];
    private readonly List<OptimisticOutput> _outputs = [];

    public ChainKit(int blocks, ulong seed, OptimisticRuleContext? context = null)
    {
        var rules = context ?? DisputeKit.Context;
        var store = new InMemorySmtNodeStore();
        var state = SparseMerkleTree.EmptyRoot;
        _traces.Add(new DisputeKit([], state, store, rules));
        AddHeader(0, Hash256.Zero, [], state);
        var nonces = new ulong[DisputeKit.Signers.Length];
        for (var b = 1; b <= blocks; b++)
        {
            var txs = new List<OneStepTransaction>();
            if (b == 1) for (var d = 0; d < DisputeKit.Signers.Length; d++) txs.Add(OneStepTransaction.ForDeposit((ulong)d, DisputeKit.Signers[d].Address, 1_000));
            var count = 1 + (int)((seed + (ulong)b) % 4);
            for (var i = 0; i < count; i++)
            {
                var from = (int)((seed + (ulong)(b * 5 + i * 3)) % (ulong)DisputeKit.Signers.Length);
                var to = DisputeKit.Signers[(from + 1 + i % 3) % DisputeKit.Signers.Length].Address;
                txs.Add(OneStepTransaction.ForTransfer(OptimisticTransfer.Create(DisputeKit.Signers[from], rules.ChainId, rules.RollupId, to, 1 + (seed + (ulong)i) % 20, 0, nonces[from]++)));
            }
            var trace = new DisputeKit(txs, state, store, rules);
            if (!trace.Final.AllApplied) throw new InvalidOperationException("the honest chain must apply every transaction");
            _traces.Add(trace);
            state = trace.Final.StateRoot;
            AddHeader((ulong)b, _outputs[^1].L2BlockHash, txs, state);
        }
    }

    public int Blocks => _traces.Count - 1;

    public DisputeKit Trace(ulong block) => _traces[(int)block];

    public Hash256 OutputRoot(ulong block) => _outputs[(int)block].Root;

    public OptimisticOutput? Output(ulong block) => _outputs[(int)block];

    public byte[]? Header(ulong block) => _headers[(int)block];

    public ExecutionPoint? Point(ulong block, ulong traceIndex) => _traces[(int)block].At(traceIndex);

    public ulong Origin(ulong block) => 0;

    public ExecutionPoint Final(ulong block) => _traces[(int)block].Final;

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => _traces[(int)block].ProofFrom(pre);

    /// <summary>The header bytes of an L2 block in the L2 chain's encoding (origin 0, time = number·100 ms, queues unused).</summary>
    public static byte[] HeaderBytes(ulong number, Hash256 parent, uint count, Hash256 txRoot, Hash256 stateRoot)
    {
        var writer = new CanonicalWriter(L2HeaderPreimage.EncodedSize);
        writer.WriteU8(L2HeaderPreimage.Version);
        writer.WriteU64(number);
        writer.WriteHash(parent);
        writer.WriteU64(0);
        writer.WriteU64(number * 100);
        writer.WriteU64(0);
        writer.WriteU64(0);
        writer.WriteU64(0);
        writer.WriteU32(count);
        writer.WriteHash(txRoot);
        writer.WriteHash(stateRoot);
        return writer.ToArray();
    }

    private void AddHeader(ulong number, Hash256 parent, IReadOnlyList<OneStepTransaction> txs, Hash256 state)
    {
        var bytes = HeaderBytes(number, parent, (uint)txs.Count, ExecutionStep.TxListRootOf(txs), state);
        _headers.Add(bytes);
        _outputs.Add(L2HeaderPreimage.Decode(bytes).Output);
    }
}

/// <summary>
/// A dishonest proposer's chain: the honest transaction lists, but from block <see cref="From"/> on a wrong state root
/// (every later block builds on it), or with <see cref="GarbageAt"/> set, a root with no preimage at that block alone.
/// Its execution of the first wrong block goes wrong after the first transaction; it cannot step anything.
/// </summary>
internal sealed class LyingChain(ChainKit honest, ulong from, ulong? garbageAt = null) : IOutputHistory
{
    public ulong From => from;
    public ulong? GarbageAt => garbageAt;

    private static Hash256 Wrong(ulong block) => DisputeKit.Garbage(1_000 + block);

    public Hash256 OutputRoot(ulong block) => Output(block)?.Root ?? DisputeKit.Garbage(2_000 + block);

    public OptimisticOutput? Output(ulong block) => Header(block) is { } h ? L2HeaderPreimage.Decode(h).Output : null;

    public byte[]? Header(ulong block)
    {
        if (block == garbageAt) return null;
        if (block < from) return honest.Header(block);
        var real = L2HeaderPreimage.Decode(honest.Header(block)!);
        var parent = block == 0 ? Hash256.Zero : L2HeaderPreimage.Decode(Header(block - 1) ?? honest.Header(block - 1)!).Hash;
        return ChainKit.HeaderBytes(block, parent, real.TxCount, real.TxRoot, Wrong(block));
    }

    public ExecutionPoint? Point(ulong block, ulong traceIndex)
    {
        var point = honest.Point(block, traceIndex)!.Value;
        if (block < from || garbageAt is not null) return point;
        if (block > from) return point with { StateRoot = DisputeKit.Garbage(3_000 + block * 100_000 + traceIndex) };
        if (point.Finished) return Final(block);
        return point.Cursor == 0 ? point : point with { StateRoot = DisputeKit.Garbage(4_000 + block * 100_000 + point.Cursor) };
    }

    public ulong Origin(ulong block) => 0;

    public ExecutionPoint Final(ulong block) => block < from || garbageAt is not null ? honest.Final(block) : honest.Final(block) with { StateRoot = Wrong(block) };

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => null;
}
