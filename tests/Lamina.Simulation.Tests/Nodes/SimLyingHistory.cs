using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A liar's view of the true chain for <see cref="DisputeSolver"/> (the sequencer's <c>bad-transition</c> fault, and
/// each lying challenger's own lie): the chain is true up to transaction <paramref name="fromTx"/> of block
/// <paramref name="fromBlock"/>, whose post-state is wrong, and every later point and block builds on the wrong state
/// (salted by <paramref name="salt"/>, so two liars with different lies disagree with each other too). It holds a
/// header for every block of its chain (a wrong state root, parents chained), so it can reveal and descend like an
/// honest party; it can build no step proof where it lies (no witness proves a wrong root).
/// </summary>
internal sealed class SimLyingHistory(SimL2Chain chain, ulong fromBlock, uint fromTx, ulong salt) : IOutputHistory
{
    private static readonly DomainTag Tag = new("lamina/sim/lying-history");
    private readonly Dictionary<ulong, byte[]> _headers = []; // lookup only: memoised lying headers

    public ulong FromBlock => fromBlock;

    private bool Lies(ulong block) => block >= fromBlock;

    private Hash256 Wrong(ulong block, ulong cursor)
    {
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, salt);
        BitConverter.TryWriteBytes(bytes[8..], block);
        BitConverter.TryWriteBytes(bytes[16..], cursor);
        return DomainHasher.Hash(Tag, bytes);
    }

    /// <summary>The first transaction after which this block's state is wrong (every one, in a block after the first lie).</summary>
    private uint FirstWrongCursor(ulong block, uint count) => block == fromBlock ? Math.Min(fromTx + 1, count) : Math.Min(1u, count);

    public Hash256 OutputRoot(ulong block) => Output(block)!.Value.Root;

    public OptimisticOutput? Output(ulong block) => Lies(block) ? Lamina.L2.Optimistic.Chain.L2BlockHeader.Decode(Header(block)!).Output : chain.History.Output(block);

    public byte[]? Header(ulong block)
    {
        if (!Lies(block)) return chain.History.Header(block);
        if (_headers.TryGetValue(block, out var known)) return known;
        var real = chain.Block(block)!.Header;
        var parent = Lamina.L2.Optimistic.Chain.L2BlockHeader.Decode(Header(block - 1)!).Hash;
        var bytes = (real with { ParentHash = parent, StateRoot = Final(block).StateRoot }).Encode();
        _headers[block] = bytes;
        return bytes;
    }

    public ExecutionPoint? Point(ulong block, ulong traceIndex)
    {
        var point = chain.History.Point(block, traceIndex)!.Value;
        if (!Lies(block) || point.Cursor < FirstWrongCursor(block, point.TxCount) || point.TxCount == 0) return point;
        return point with { StateRoot = Wrong(block, point.Cursor) };
    }

    public ulong Origin(ulong block) => chain.History.Origin(block);

    public ExecutionPoint Final(ulong block)
    {
        var final = chain.History.Final(block);
        return Lies(block) && final.TxCount > 0 ? final with { StateRoot = Wrong(block, final.TxCount) } : final;
    }

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => Lies(block) ? null : chain.History.ProofFrom(block, pre);
}
