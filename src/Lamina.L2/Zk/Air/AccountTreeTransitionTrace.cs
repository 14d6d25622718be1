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
    /// <summary>The permutation of the zero state in the trace's layout (one cycle of 12 columns): every padding cycle holds it.</summary>
    private static readonly TraceTable ZeroPermutation = PermuteZero();

    /// <summary>The trace and the account root after the transfers (as the trace computes it).</summary>
    public static (TraceTable Trace, RpoDigest NewRoot) Build(AccountTree tree, IReadOnlyList<TransferStatement> transfers) =>
        Build(tree, AccountTreeTransitionAir.ToUpdates(transfers));

    /// <summary>The trace and the account root after the leaf updates (as the trace computes it).</summary>
    /// <param name="traceLength">0, or the AIR's longer trace length (<see cref="AccountTreeTransitionAir"/>'s minTraceLength): more padding segments.</param>
    public static (TraceTable Trace, RpoDigest NewRoot) Build(AccountTree tree, IReadOnlyList<LeafUpdateStatement> updates, int traceLength = 0)
    {
        AccountTree work = tree.Clone();
        var leaves = new Dictionary<uint, Felt[]>();
        var producers = new Dictionary<long, int>();
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
            root = FillSegment(trace, k * SegmentLength, work, producers, u.Index, oldLeaf, newLeaf, root, u.DeltaBalance, u.BumpsNonce, register);
            leaves[u.Index] = newLeaf;
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

    /// <summary>
    /// One segment; the new path's node digests go into <paramref name="tree"/> as the trace computed them (no second
    /// hashing). Most old-path permutations were already filled: a node's digest changes only when a new path passes
    /// through it, so a node some earlier segment's new path produced still has that permutation's input (its two
    /// children), and <paramref name="producers"/> (node → first row of that permutation) lets this segment copy the
    /// rows instead of recomputing them. The cycles past the root permute the zero state: copied too.
    /// </summary>
    private static RpoDigest FillSegment(TraceTable trace, int start, AccountTree tree, Dictionary<long, int> producers, uint index,
        Felt[] oldLeaf, Felt[] newLeaf, RpoDigest rootBefore, Felt delta, bool sender, bool register)
    {
        RpoDigest[] siblings = tree.Siblings(index);
        Span<RpoDigest> newPath = stackalloc RpoDigest[AccountTree.Depth + 1];
        Span<Felt> oldState = stackalloc Felt[12];
        Span<Felt> newState = stackalloc Felt[12];
        oldLeaf.CopyTo(oldState[4..]);
        newLeaf.CopyTo(newState[4..]);
        bool unchanged = oldLeaf.AsSpan().SequenceEqual(newLeaf);
        ulong accumulated = 0;
        for (int c = 0; c < SegmentLength / Cycle; c++)
        {
            int row = start + Cycle * c;
            bool right = c >= 1 && c <= AccountTree.Depth && ((index >> (c - 1)) & 1) == 1;
            if (c > AccountTree.Depth)
            {
                CopyZeroPermutation(trace, row, Old);
                CopyZeroPermutation(trace, row, New);
            }
            else
            {
                if (c >= 1)
                {
                    Place(oldState, siblings[c - 1], right);
                    Place(newState, siblings[c - 1], right);
                    if (right) accumulated |= 1UL << (c - 1);
                }
                long node = NodeKey(c, index >> c);
                if (producers.TryGetValue(node, out int producer))
                {
                    CopyPermutation(trace, producer, New, row, Old, oldState);
                }
                else
                {
                    RpoPermutationConstraints.FillPermutation(trace, row, oldState, Old);
                }
                if (unchanged)
                {
                    CopyPermutation(trace, row, Old, row, New, newState);
                }
                else
                {
                    RpoPermutationConstraints.FillPermutation(trace, row, newState, New);
                }
                producers[node] = row;
                newPath[c] = new RpoDigest(newState.Slice(4, 4));
            }
            for (int r = 0; r < Cycle; r++)
            {
                trace[Bit, row + r] = right ? Felt.One : Felt.Zero;
                trace[IndexAcc, row + r] = Felt.FromU64(accumulated);
            }
        }
        tree.SetPath(index, newPath);
        RpoDigest rootAfter = newPath[AccountTree.Depth];
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

    private static TraceTable PermuteZero()
    {
        var rows = new TraceTable(RpoPermutationConstraints.StateWidth, Cycle);
        Span<Felt> state = stackalloc Felt[RpoPermutationConstraints.StateWidth];
        RpoPermutationConstraints.FillPermutation(rows, 0, state);
        return rows;
    }

    private static void CopyZeroPermutation(TraceTable trace, int row, int column)
    {
        for (int j = 0; j < RpoPermutationConstraints.StateWidth; j++)
        {
            Array.Copy(ZeroPermutation.Column(j), 0, trace.Column(column + j), row, Cycle);
        }
    }

    /// <summary>A tree node (level 0 = leaf digest) as a dictionary key.</summary>
    private static long NodeKey(int level, uint position) => ((long)level << 32) | position;

    /// <summary>Copies one permutation's rows (12 state columns, one cycle) and leaves its output in <paramref name="state"/>.</summary>
    private static void CopyPermutation(TraceTable trace, int fromRow, int fromColumn, int toRow, int toColumn, Span<Felt> state)
    {
        for (int j = 0; j < RpoPermutationConstraints.StateWidth; j++)
        {
            Felt[] from = trace.Column(fromColumn + j);
            Array.Copy(from, fromRow, trace.Column(toColumn + j), toRow, Cycle);
            state[j] = from[fromRow + Cycle - 1];
        }
    }
}
