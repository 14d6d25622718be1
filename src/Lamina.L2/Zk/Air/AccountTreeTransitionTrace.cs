using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Zk.Air.AccountTreeTransitionLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Builds the trace of a <see cref="AccountTreeTransitionAir"/> by applying the leaf updates to a copy of the tree. It
/// applies the arithmetic as the AIR states it, in the field, without the executor's checks: feeding it an update
/// that breaks a rule yields a trace the prover refuses (and a cheating prover's proof the verifier rejects).
/// </summary>
public static class AccountTreeTransitionTrace
{
    /// <summary>The trace and the account root after the transfers (as the trace computes it).</summary>
    public static (TraceTable Trace, RpoDigest NewRoot) Build(AccountTree tree, IReadOnlyList<TransferStatement> transfers) =>
        Build(tree, AccountTreeTransitionAir.ToUpdates(transfers));

    /// <summary>The trace and the account root after the leaf updates (as the trace computes it).</summary>
    /// <param name="traceLength">0, or the AIR's longer trace length (<see cref="AccountTreeTransitionAir"/>'s minTraceLength): more padding segments.</param>
    public static (TraceTable Trace, RpoDigest NewRoot) Build(AccountTree tree, IReadOnlyList<LeafUpdateStatement> updates, int traceLength = 0)
    {
        AccountTree work = tree.Clone();
        var leaves = new Dictionary<uint, Felt[]>();
        int segments = Math.Max((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)updates.Count), traceLength / SegmentLength);
        var trace = new TraceTable(Width, segments * SegmentLength);
        RpoDigest root = work.Root;
        for (int k = 0; k < segments; k++)
        {
            bool padding = k >= updates.Count;
            LeafUpdateStatement u = padding ? new LeafUpdateStatement(updates[^1].Index, Felt.Zero, false) : updates[k];
            Felt[] oldLeaf = Leaf(work, leaves, u.Index);
            var newLeaf = (Felt[])oldLeaf.Clone();
            newLeaf[6] = oldLeaf[6] + u.DeltaBalance;
            newLeaf[7] = oldLeaf[7] + (u.BumpsNonce ? Felt.One : Felt.Zero);
            bool register = false;
            if (u.RegisterKey is Fp5 key)
            {
                register = new Fp5(oldLeaf[1], oldLeaf[2], oldLeaf[3], oldLeaf[4], oldLeaf[5]).IsZero;
                for (int i = 0; i < 5; i++) newLeaf[1 + i] = key[i];
            }
            root = FillSegment(trace, k * SegmentLength, work, u.Index, oldLeaf, newLeaf, root, u.DeltaBalance, u.BumpsNonce, register);
            leaves[u.Index] = newLeaf;
            work.SetLeafDigest(u.Index, Rpo256.HashElements(newLeaf));
        }
        return (trace, root);
    }

    private static Felt[] Leaf(AccountTree tree, Dictionary<uint, Felt[]> leaves, uint index)
    {
        if (leaves.TryGetValue(index, out Felt[]? leaf))
        {
            return leaf;
        }
        var elements = new Felt[8];
        tree.Get(index).WriteElements(elements);
        return elements;
    }

    private static RpoDigest FillSegment(TraceTable trace, int start, AccountTree tree, uint index, Felt[] oldLeaf, Felt[] newLeaf,
        RpoDigest rootBefore, Felt delta, bool sender, bool register)
    {
        RpoDigest[] siblings = tree.Siblings(index);
        Span<Felt> oldState = stackalloc Felt[12];
        Span<Felt> newState = stackalloc Felt[12];
        oldLeaf.CopyTo(oldState[4..]);
        newLeaf.CopyTo(newState[4..]);
        ulong accumulated = 0;
        RpoDigest rootAfter = rootBefore;
        for (int c = 0; c < SegmentLength / Cycle; c++)
        {
            int row = start + Cycle * c;
            bool right = c >= 1 && c <= AccountTree.Depth && ((index >> (c - 1)) & 1) == 1;
            if (c >= 1 && c <= AccountTree.Depth)
            {
                Place(oldState, siblings[c - 1], right);
                Place(newState, siblings[c - 1], right);
                if (right) accumulated |= 1UL << (c - 1);
            }
            else if (c > AccountTree.Depth)
            {
                oldState.Clear();
                newState.Clear();
            }
            RpoPermutationConstraints.FillPermutation(trace, row, oldState, Old);
            RpoPermutationConstraints.FillPermutation(trace, row, newState, New);
            for (int r = 0; r < Cycle; r++)
            {
                trace[Bit, row + r] = right ? Felt.One : Felt.Zero;
                trace[IndexAcc, row + r] = Felt.FromU64(accumulated);
            }
            if (c == AccountTree.Depth)
            {
                rootAfter = new RpoDigest(newState.Slice(4, 4));
            }
        }
        Felt balance = newLeaf[6];
        Fp5 key = new(oldLeaf[1], oldLeaf[2], oldLeaf[3], oldLeaf[4], oldLeaf[5]);
        Fp5 inverse = key.Inverse();
        ulong rangeAcc = 0;
        for (int r = 0; r < SegmentLength; r++)
        {
            int row = start + r;
            RpoDigest root = r <= RootRow ? rootBefore : rootAfter;
            for (int i = 0; i < 4; i++) trace[Root + i, row] = root[i];
            trace[DeltaBalance, row] = delta;
            trace[DeltaNonce, row] = sender ? Felt.One : Felt.Zero;
            for (int i = 0; i < 5; i++) trace[KeyInverse + i, row] = inverse[i];
            bool bit = r < BalanceBits && ((balance.Value >> (BalanceBits - 1 - r)) & 1) == 1;
            rangeAcc = r < BalanceBits ? (rangeAcc << 1) | (bit ? 1UL : 0) : 0;
            trace[RangeBit, row] = bit ? Felt.One : Felt.Zero;
            trace[RangeAcc, row] = Felt.FromU64(rangeAcc);
            trace[Balance, row] = balance;
            trace[Register, row] = register ? Felt.One : Felt.Zero;
        }
        return rootAfter;
    }

    /// <summary>Next merge's input: capacity zero, the current digest on the left (bit 0) or right (bit 1), the sibling opposite.</summary>
    private static void Place(Span<Felt> state, RpoDigest sibling, bool right)
    {
        var digest = new RpoDigest(state.Slice(4, 4));
        state.Clear();
        (right ? sibling : digest).CopyTo(state.Slice(4, 4));
        (right ? digest : sibling).CopyTo(state.Slice(8, 4));
    }
}
