using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Zk.Air.AccountTreeTransitionLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// The account-tree transition of a batch (named for what it proves; it was TransferUpdatesAir when it proved
/// transfers only): applying its leaf updates (<see cref="LeafUpdateStatement"/>, built per operation kind
/// by <see cref="LeafUpdates"/>) in order takes the account root from <see cref="OldRoot"/> to <see cref="NewRoot"/>.
/// Each update is proven by recomputing the old and the new root over the same siblings, with the root carried
/// from update to update. Balance and nonce change by exactly the public deltas (padding: 0 and 0); the new balance
/// is range-checked below 2^62 (so no overdraft, which would wrap past p, and no overflow); a signer's key and nonce
/// are public (the signature proof checks the signature against them); the key is unchanged unless the update
/// registers one on an empty slot (the register flag, public or, for deposits, the prover's binary choice, with the
/// new key public either way); a plain credit needs a nonzero key (the account exists); a read-only opening (a
/// refused priority operation) pins the whole old leaf.
/// <para>Signatures are proven by <see cref="SchnorrSignaturesAir"/> over the messages these public values define;
/// the verifier rebuilds every update from the pubdata itself (the pubdata commitment is not yet computed by in-trace RPO).</para>
/// </summary>
public sealed class AccountTreeTransitionAir : StarkAir
{
    private static readonly Felt[][] Periodic = PeriodicColumns();
    private static readonly ConstraintDegree[] Degrees = BuildDegrees();
    private readonly int _minTraceLength;
    private readonly DomainFactorBlocks _blocks;

    public AccountTreeTransitionAir(RpoDigest oldRoot, RpoDigest newRoot, IReadOnlyList<TransferStatement> transfers, ulong batchNumber = 0)
        : this(oldRoot, newRoot, ToUpdates(transfers), batchNumber)
    {
    }

    /// <param name="minTraceLength">0, or a power of two the trace is padded to (with no-op segments) when it is longer than
    /// the updates need: the length of the statement it is combined with in one proof (<see cref="Stark.Air.CombinedAir"/>).</param>
    public AccountTreeTransitionAir(RpoDigest oldRoot, RpoDigest newRoot, IReadOnlyList<LeafUpdateStatement> updates, ulong batchNumber = 0,
        int minTraceLength = 0)
    {
        if (updates.Count == 0)
        {
            throw new ArgumentException("at least one leaf update", nameof(updates));
        }
        if (minTraceLength < 0 || (minTraceLength & (minTraceLength - 1)) != 0)
        {
            throw new ArgumentException("the minimum trace length is 0 or a power of two", nameof(minTraceLength));
        }
        _minTraceLength = minTraceLength;
        OldRoot = oldRoot;
        NewRoot = newRoot;
        Updates = updates;
        BatchNumber = batchNumber;
        _blocks = new DomainFactorBlocks(Degrees, TraceLength, Blocks);
    }

    /// <summary>Bound into the transcript, so a proof for one batch number is not a proof for another.</summary>
    public ulong BatchNumber { get; }

    public RpoDigest OldRoot { get; }
    public RpoDigest NewRoot { get; }
    public IReadOnlyList<LeafUpdateStatement> Updates { get; }

    public static LeafUpdateStatement[] ToUpdates(IReadOnlyList<TransferStatement> transfers)
    {
        var updates = new LeafUpdateStatement[2 * transfers.Count];
        for (int i = 0; i < transfers.Count; i++)
        {
            LeafUpdates.Transfer(transfers[i]).CopyTo(updates, 2 * i);
        }
        return updates;
    }

    public override string Name => "lamina.zk.account-tree-transition.v3";
    public override int TraceWidth => Width;
    public override int TraceLength => Math.Max(SegmentLength * (int)BitOperations.RoundUpToPowerOf2((uint)Updates.Count), _minTraceLength);
    public override IReadOnlyList<ConstraintDegree> TransitionDegrees => Degrees;
    public override IReadOnlyList<Felt[]> PeriodicColumns => Periodic;

    /// <summary>In (row, column) order, which spares the STARK library a sort of tens of thousands of them: each row's
    /// assertions are written in ascending column order as they are built (a per-row sort with a comparison delegate cost
    /// the verifier about a millisecond at 1,024 transfers).</summary>
    public override IReadOnlyList<Assertion> GetAssertions()
    {
        int segments = TraceLength / SegmentLength;
        var list = new List<Assertion>(8 + 14 * Updates.Count + 4 * (segments - Updates.Count));
        for (int k = 0; k < segments; k++)
        {
            int b = k * SegmentLength;
            if (k >= Updates.Count)
            {
                list.Add(new Assertion(IndexAcc, b, Felt.Zero));
                list.Add(new Assertion(DeltaBalance, b, Felt.Zero)); // padding: a no-op on some existing account
                list.Add(new Assertion(DeltaNonce, b, Felt.Zero));
                list.Add(new Assertion(Register, b, Felt.Zero));
                continue;
            }
            LeafUpdateStatement u = Updates[k];
            if (u.ExpectedKey is Fp5 key)
            {
                for (int i = 0; i < 5; i++) list.Add(new Assertion(Old + 5 + i, b, key[i]));
            }
            if (u.ExpectedBalance is ulong balance) list.Add(new Assertion(Old + 10, b, Felt.FromU64(balance)));
            if (u.ExpectedNonce is uint nonce) list.Add(new Assertion(Old + 11, b, nonce));
            if (u.RegisterKey is Fp5 registered)
            {
                for (int i = 0; i < 5; i++) list.Add(new Assertion(New + 5 + i, b, registered[i]));
            }
            list.Add(new Assertion(IndexAcc, b, Felt.Zero));
            if (k == 0)
            {
                for (int i = 0; i < 4; i++) list.Add(new Assertion(Root + i, 0, OldRoot[i]));
            }
            list.Add(new Assertion(DeltaBalance, b, u.DeltaBalance));
            list.Add(new Assertion(DeltaNonce, b, u.BumpsNonce ? Felt.One : Felt.Zero));
            if (u.EmptiesBalance) list.Add(new Assertion(Balance, b, Felt.Zero));
            if (u.RegisterKey is null)
            {
                list.Add(new Assertion(Register, b, Felt.Zero));
            }
            else if (u.RegisterRequired)
            {
                list.Add(new Assertion(Register, b, Felt.One)); // else the prover picks, binary
            }
            list.Add(new Assertion(IndexAcc, b + RootRow, u.Index));
        }
        for (int i = 0; i < 4; i++) list.Add(new Assertion(Root + i, TraceLength - 1, NewRoot[i]));
        return list;
    }

    public override byte[] PublicInputBytes()
    {
        var bytes = new byte[PublicInputLength!.Value];
        WritePublicInputs(bytes);
        return bytes;
    }

    public override int? PublicInputLength => 72 + Updates.Count * LeafUpdateStatement.ByteLength;

    public override void WritePublicInputs(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, BatchNumber);
        OldRoot.ToBytes().CopyTo(bytes[8..]);
        NewRoot.ToBytes().CopyTo(bytes[40..]);
        for (int i = 0; i < Updates.Count; i++)
        {
            Updates[i].WriteTo(bytes.Slice(72 + i * LeafUpdateStatement.ByteLength, LeafUpdateStatement.ByteLength));
        }
    }

    /// <summary>The prover evaluates the RPO rounds (degree 7) on the whole LDE and the rest on the cosets their degrees need.</summary>
    public override bool EvaluatesByDomainFactor => true;

    public override void EvaluateTransition<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
        Evaluate(cur, next, periodic, result, ~0);

    public override void EvaluateTransitionByFactor<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result,
        int domainFactor) =>
        Evaluate(cur, next, periodic, result, _blocks.Blocks(domainFactor));

    private const int RoundsBlock = 1, RulesBlock = 2, RecipientKeyBlock = 4;

    private static readonly (int Bit, int[] Constraints)[] Blocks =
    [
        (RoundsBlock, [.. Enumerable.Range(0, 24)]), (RulesBlock, [.. Enumerable.Range(24, 32), .. Enumerable.Range(61, 7)]),
        (RecipientKeyBlock, [.. Enumerable.Range(56, 5)]),
    ];

    /// <summary>The RPO rounds and links (constraints 0..23) if <see cref="RoundsBlock"/> is set in <paramref name="blocks"/>, the
    /// recipient's nonzero key (56..60, degree 4) if <see cref="RecipientKeyBlock"/> is, the rest if <see cref="RulesBlock"/> is.</summary>
    /// <remarks>The rules are a method of their own, and this one is not inlined into its callers: within one large method
    /// the prover's JIT ran out of inlining budget and called the base-field product instead of inlining it.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Evaluate<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result, int blocks)
        where T : unmanaged, IStarkField<T>
    {
        T link = periodic[Link];
        T bit = next[Bit], notBit = T.One - bit;
        if ((blocks & RoundsBlock) != 0)
        {
            RpoPermutationConstraints.EvaluateRound(cur.Slice(Old, 12), next.Slice(Old, 12), periodic, result[..12]);
            RpoPermutationConstraints.EvaluateRound(cur.Slice(New, 12), next.Slice(New, 12), periodic, result.Slice(12, 12));
            T isRound = periodic[RpoPermutationConstraints.RoundSelector];
            for (int side = 0; side < 2; side++)
            {
                // Link: capacity zeroed, the digest moves left (bit 0) or right (bit 1), exactly as Rpo256.Merge.
                int o = side == 0 ? Old : New;
                for (int j = 0; j < 4; j++)
                {
                    result[o + j] = isRound * result[o + j] + link * next[o + j];
                }
                for (int j = 4; j < 8; j++)
                {
                    result[o + j] = isRound * result[o + j] + link * (notBit * (next[o + j] - cur[o + j]));
                }
                for (int j = 8; j < 12; j++)
                {
                    result[o + j] = isRound * result[o + j] + link * (bit * (next[o + j] - cur[o + j - 4]));
                }
            }
        }
        T first = periodic[First];
        T register = cur[Register], keeps = T.One - register;
        if ((blocks & RecipientKeyBlock) != 0)
        {
            Span<T> product = stackalloc T[5];
            Fp5Gadget.Mul(cur.Slice(Old + 5, 5), cur.Slice(KeyInverse, 5), product);
            product[0] -= T.One;
            T existingRecipient = (T.One - cur[DeltaNonce]) * keeps;
            for (int i = 0; i < 5; i++) result[56 + i] = first * existingRecipient * product[i];
        }
        if ((blocks & RulesBlock) != 0)
        {
            EvaluateRules(cur, next, periodic, result);
        }
    }

    /// <summary>The rules block: constraints 24..55 and 61..67.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateRules<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        where T : unmanaged, IStarkField<T>
    {
        T link = periodic[Link];
        T bit = next[Bit], notBit = T.One - bit;
        T first = periodic[First];
        T register = cur[Register], keeps = T.One - register;
        T rootRow = periodic[RootSelector];
        for (int i = 0; i < 4; i++)
        {
            // Both paths take the same sibling.
            result[24 + i] = link * (notBit * (next[New + 8 + i] - next[Old + 8 + i]) + bit * (next[New + 4 + i] - next[Old + 4 + i]));
        }
        result[28] = periodic[RpoPermutationConstraints.RoundSelector] * (next[Bit] - cur[Bit]);
        result[29] = cur[Bit] * (cur[Bit] - T.One);
        result[30] = periodic[Copy] * (next[IndexAcc] - cur[IndexAcc] - periodic[LinkWeight] * bit);
        for (int i = 0; i < 4; i++)
        {
            result[31 + i] = next[Root + i] - (rootRow * cur[New + 4 + i] + (T.One - rootRow) * cur[Root + i]);
            result[35 + i] = rootRow * (cur[Old + 4 + i] - cur[Root + i]);
        }
        T tag = T.FromBase(AccountLeaf.LeafTag);
        for (int i = 0; i < 4; i++)
        {
            result[39 + i] = first * cur[Old + i];
            result[44 + i] = first * cur[New + i];
        }
        result[43] = first * (cur[Old + 4] - tag);
        result[48] = first * (cur[New + 4] - tag);
        // Key: unchanged, or (register) the old slot was empty and the new key is the asserted one.
        for (int i = 0; i < 5; i++) result[49 + i] = first * (keeps * (cur[New + 5 + i] - cur[Old + 5 + i]) + register * cur[Old + 5 + i]);
        result[54] = first * (cur[New + 10] - cur[Old + 10] - cur[DeltaBalance]);
        result[55] = first * (cur[New + 11] - cur[Old + 11] - cur[DeltaNonce]);
        result[61] = first * (cur[Balance] - cur[New + 10]);
        result[62] = periodic[Copy] * (next[Balance] - cur[Balance]);
        result[63] = first * (cur[RangeAcc] - cur[RangeBit]);
        result[64] = next[RangeAcc] - (periodic[RangeContinues] * (cur[RangeAcc] + cur[RangeAcc]) + next[RangeBit]);
        result[65] = cur[RangeBit] * (cur[RangeBit] - T.One);
        result[66] = periodic[RangeEnd] * (cur[RangeAcc] - cur[Balance]);
        result[67] = first * register * keeps;
    }

    private static ConstraintDegree[] BuildDegrees()
    {
        var d = new ConstraintDegree[68];
        for (int i = 0; i < 24; i++) d[i] = new ConstraintDegree(7, Cycle);
        for (int i = 24; i < 28; i++) d[i] = new ConstraintDegree(2, SegmentLength);
        d[28] = new ConstraintDegree(1, Cycle);
        d[29] = new ConstraintDegree(2);
        d[30] = new ConstraintDegree(1, SegmentLength, SegmentLength);
        for (int i = 31; i < 56; i++) d[i] = new ConstraintDegree(i is >= 49 and < 54 ? 2 : 1, SegmentLength);
        for (int i = 56; i < 61; i++) d[i] = new ConstraintDegree(4, SegmentLength);
        for (int i = 61; i < 65; i++) d[i] = new ConstraintDegree(1, SegmentLength);
        d[65] = new ConstraintDegree(2);
        d[66] = new ConstraintDegree(1, SegmentLength);
        d[67] = new ConstraintDegree(2, SegmentLength);
        return d;
    }
}
