using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The history a proposer under the wrong-root fault defends, and a challenger under the lie fault plays (tests and demos): its own blocks, except that the lied-about
/// block <paramref name="lie"/> ends in the flipped state the proposer posted. It claims that block's output root, and
/// in the block's execution it agrees with the truth up to the last transaction and claims the flipped state after
/// it. It holds no header or preimage for the lie (none exists) and can build no step proof (a step from the truth
/// only confirms the truth). Playing <see cref="DisputeSolver"/> with it makes the liar contest every level of
/// bisection, so an honest challenger has to carry the game down to L1's one step. With <paramref name="lieThrough"/>
/// every later block up to that one is a lie too (each its true output flipped, as if built on the lie): a challenger
/// that disputes the output of a later block lies from an earlier block that holds transactions.
/// </summary>
/// <remarks>
/// <paramref name="lieHeader"/>, when given, is a header made up for the lie (the true one with the flipped state root;
/// the lie is its output): a lying challenger reveals it when it must descend in support of its own claim on the lie
/// block, which needs that claim's header on L1 first.
/// </remarks>
public sealed class LyingOutputHistory(Func<ulong, L2Block?> blocks, Func<OptimisticOutput?> lie, Func<ulong>? lieThrough = null, Func<L2BlockHeader?>? lieHeader = null) : IOutputHistory
{
    private L2BlockHeader? MadeUp(ulong block) => lieHeader?.Invoke() is { } header && header.Number == block ? header : null;

    private L2Block Block(ulong number) => blocks(number) ?? throw new InvalidOperationException($"L2 block {number} is not held by this node");

    private bool IsLie(ulong block) => lie() is { } wrong && block >= wrong.L2BlockNumber && block <= Math.Max(wrong.L2BlockNumber, lieThrough?.Invoke() ?? 0);

    private OptimisticOutput LieAt(ulong block) => lie()!.Value.L2BlockNumber == block ? lie()!.Value : Flip(Block(block).Header.Output);

    public Hash256 OutputRoot(ulong block) => IsLie(block) ? LieAt(block).Root : Block(block).Header.Output.Root;

    public OptimisticOutput? Output(ulong block) => IsLie(block) ? MadeUp(block)?.Output : Block(block).Header.Output;

    public byte[]? Header(ulong block) => IsLie(block) ? MadeUp(block)?.Encode() : Block(block).Header.Encode();

    public ExecutionPoint? Point(ulong block, ulong traceIndex)
    {
        var b = Block(block);
        var count = (uint)b.Transactions.Count;
        var cursor = (uint)Math.Min(traceIndex + 1, count);
        if (IsLie(block) && cursor == count) return Final(block);
        var root = cursor == 0 ? b.Header.StateRoot : b.IntermediateRoots[(int)cursor - 1];
        return new ExecutionPoint(root, b.Header.TxRoot, count, cursor, true);
    }

    public ulong Origin(ulong block) => Block(block).Header.L1Origin;

    public ExecutionPoint Final(ulong block)
    {
        var header = Block(block).Header;
        var state = IsLie(block) ? LieAt(block).StateRoot : header.StateRoot;
        return new ExecutionPoint(state, header.TxRoot, header.TxCount, header.TxCount, true);
    }

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => null;

    /// <summary>The lie both faults tell about a block: its true output with the state root's first byte flipped.</summary>
    public static OptimisticOutput Flip(OptimisticOutput truth)
    {
        Span<byte> flipped = stackalloc byte[Hash256.Size];
        truth.StateRoot.CopyTo(flipped);
        flipped[0] ^= 0xFF;
        return truth with { StateRoot = new Hash256(flipped) };
    }
}
