using System.Numerics;
using System.Runtime.CompilerServices;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Proves that every statement's Schnorr signature verifies: s·G − e·Q = R, computed step by step in the trace
/// (layout in <see cref="SchnorrLayout"/>). Soundness of each step: the doubling slope is fixed by
/// λ·2Y = 3X² + A (Y ≠ 0 on the odd-order group), the addition slope by λ·(x_P − x_D) = y_P − y_D together with a
/// witnessed inverse of x_P − x_D (so the chord case is the only one the constraints admit). The scalar bits
/// are binary and their 32-bit chunks are asserted equal to s and e, so the accumulator after 320 steps is
/// 2^320·H + s·G − e·Q, checked to be R + 2^320·H with R the decoding of the signature's w(R). The verifier decodes
/// no point: w(R) and w(Q) are asserted, and the segment's idle rows prove what they decode to
/// (<see cref="SchnorrEncodingChecks"/>; the AIR's v1 asserted −Q, G − Q and R + 2^320·H, which the verifier decoded natively).
/// <para>In batch proof v4 (no challenge domain given) e is recomputed natively from public data (one RPO hash per
/// signer, and the message digest one more in <c>ZkBatchStatements</c>). Since v5 (a challenge domain given) the
/// segment's idle rows hash the message and the challenge in the trace (<see cref="SchnorrChallengeConstraints"/>) and
/// the statement gives the message's elements: the verifier hashes nothing per signer.</para>
/// <para>Since v6 (<c>nextYFromNextX</c>) the next accumulator's y reads the next row's x instead of recomputing the sum's
/// x, which takes it from degree 5 to 3 (<see cref="EvaluateNext{T}"/>) and leaves no signature constraint on the
/// prover's 8n coset.</para>
/// </summary>
public sealed partial class SchnorrSignaturesAir : StarkAir
{
    /// <summary>The verification steps' constraints, before the encoding checks'.</summary>
    private const int StepConstraints = 69;

    private static readonly Felt[][] Periodic = PeriodicColumns();
    private static readonly Felt[][] PeriodicInTrace = [.. Periodic, .. SchnorrChallengeLayout.PeriodicColumns()];
    private static readonly ConstraintDegree[] Degrees = BuildDegrees(false, false);
    private static readonly ConstraintDegree[] DegreesInTrace = BuildDegrees(true, false);
    private static readonly ConstraintDegree[] DegreesNextYFromNextX = BuildDegrees(true, true);
    private readonly IReadOnlyList<SchnorrStatement> _statements;
    private readonly RpoDigest? _challengeDomain;
    private readonly bool _nextYFromNextX;
    private readonly int _minTraceLength;
    private readonly DomainFactorBlocks _blocks;

    /// <param name="minTraceLength">0, or a power of two the trace is padded to (with unasserted segments) when it is longer
    /// than the signatures need: the length of the statement it is combined with in one proof (<see cref="Stark.Air.CombinedAir"/>).</param>
    /// <param name="challengeDomain">null for batch proof v4 (e recomputed natively); the rollup's domain digest for v5,
    /// where the trace hashes each message (whose first four elements must be this digest) and challenge.</param>
    /// <param name="nextYFromNextX">true for batch proof v6 (needs a challenge domain): the next-y constraint at degree 3
    /// (<see cref="EvaluateNext{T}"/>); false for v4 and v5, degree 5.</param>
    public SchnorrSignaturesAir(IReadOnlyList<SchnorrStatement> statements, int minTraceLength = 0, RpoDigest? challengeDomain = null,
        bool nextYFromNextX = false)
    {
        if (statements.Count == 0)
        {
            throw new ArgumentException("at least one signature", nameof(statements));
        }
        if (minTraceLength < 0 || (minTraceLength & (minTraceLength - 1)) != 0)
        {
            throw new ArgumentException("the minimum trace length is 0 or a power of two", nameof(minTraceLength));
        }
        if (challengeDomain is not null && statements.Any(st => st.MessageElements is null))
        {
            throw new ArgumentException("an in-trace challenge needs every statement's message elements", nameof(statements));
        }
        if (nextYFromNextX && challengeDomain is null)
        {
            throw new ArgumentException("the degree-3 next-y constraint is batch proof v6's, which hashes the challenge in the trace", nameof(nextYFromNextX));
        }
        _statements = statements;
        _minTraceLength = minTraceLength;
        _challengeDomain = challengeDomain;
        _nextYFromNextX = nextYFromNextX;
        _blocks = new DomainFactorBlocks(TransitionDegrees, TraceLength, challengeDomain is null ? Block.All : Block.AllInTrace);
    }

    public IReadOnlyList<SchnorrStatement> Statements => _statements;

    /// <summary>The domain digest every message starts with when the challenge is hashed in the trace (v5); null in v4.</summary>
    public RpoDigest? ChallengeDomain => _challengeDomain;

    public bool ChallengeInTrace => _challengeDomain is not null;

    /// <summary>Whether the next-y constraint reads the next row's x (degree 3, batch proof v6).</summary>
    public bool NextYFromNextX => _nextYFromNextX;

    public override string Name => _nextYFromNextX ? "lamina.zk.schnorr-ecgfp5-rpo.v4"
        : ChallengeInTrace ? "lamina.zk.schnorr-ecgfp5-rpo.v3" : "lamina.zk.schnorr-ecgfp5-rpo.v2";
    public override int TraceWidth => ChallengeInTrace ? SchnorrChallengeLayout.Width : Width;
    public override int TraceLength => Math.Max(SegmentLength * (int)BitOperations.RoundUpToPowerOf2((uint)_statements.Count), _minTraceLength);
    public override IReadOnlyList<ConstraintDegree> TransitionDegrees =>
        _nextYFromNextX ? DegreesNextYFromNextX : ChallengeInTrace ? DegreesInTrace : Degrees;
    public override IReadOnlyList<Felt[]> PeriodicColumns => ChallengeInTrace ? PeriodicInTrace : Periodic;


    /// <summary>The prover evaluates each block of constraints only on the cosets its degree needs (<see cref="DomainFactorBlocks"/>).</summary>
    public override bool EvaluatesByDomainFactor => true;

    public override void EvaluateTransition<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
        Evaluate(cur, next, periodic, result, ~0, _challengeDomain, _nextYFromNextX);

    public override void EvaluateTransitionByFactor<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result,
        int domainFactor) =>
        Evaluate(cur, next, periodic, result, _blocks.Blocks(domainFactor), _challengeDomain, _nextYFromNextX);

    /// <summary>Evaluates the blocks whose bit (<see cref="Block"/>) is set in <paramref name="blocks"/>.</summary>
    /// <remarks>Each block is a method of its own: in one method the prover's JIT ran out of inlining budget and called
    /// the base-field product instead of inlining it.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Evaluate<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result, int blocks,
        RpoDigest? challengeDomain, bool nextYFromNextX) where T : unmanaged, IStarkField<T>
    {
        T active = periodic[ActivePeriodic];
        T s = cur[SBit], e = cur[EBit];
        T any = s + e - s * e;
        if ((blocks & Block.Doubling) != 0)
        {
            EvaluateDoubling(cur, active, result);
        }
        if ((blocks & Block.Selection) != 0)
        {
            EvaluateSelection(cur, s, e, active, result);
        }
        if ((blocks & Block.Addition) != 0)
        {
            EvaluateAddition(cur, active * any, result);
        }
        if ((blocks & (Block.NextX | Block.NextY)) != 0)
        {
            EvaluateNext(cur, next, active, any, result, (blocks & Block.NextX) != 0, (blocks & Block.NextY) != 0, nextYFromNextX);
        }
        if ((blocks & (Block.Copy | Block.Bits)) != 0)
        {
            EvaluateCopyAndBits(cur, next, periodic, s, e, result, (blocks & Block.Copy) != 0, (blocks & Block.Bits) != 0, eInChunks: challengeDomain is null);
        }

        SchnorrEncodingChecks.Evaluate(cur, periodic[ResultPeriodic], periodic[KeyPeriodic], result.Slice(StepConstraints, SchnorrEncodingChecks.Count),
            (blocks & Block.EncodingLow) != 0, (blocks & Block.EncodingHigh) != 0);
        if (challengeDomain is RpoDigest domain)
        {
            SchnorrChallengeConstraints.Evaluate(cur, next, periodic, domain, result.Slice(StepConstraints + SchnorrEncodingChecks.Count),
                (blocks & Block.ChallengeRounds) != 0, (blocks & Block.ChallengeLinear) != 0);
        }
    }

    /// <summary>The copied per-signature constants (constraints 45..64) if <paramref name="copy"/>, the bits and chunk accumulators (65..68) if <paramref name="bits"/>;
    /// <paramref name="eInChunks"/>: e's bits gather in 32-bit chunks like s's (v4), else in 64-bit digest limbs (v5).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateCopyAndBits<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, T s, T e, Span<T> result,
        bool copy, bool bits, bool eInChunks) where T : unmanaged, IStarkField<T>
    {
        if (copy)
        {
            // Per-signature constants stay put within a segment.
            T copies = periodic[CopyPeriodic];
            for (int i = 0; i < 20; i++) result[45 + i] = copies * (next[NegQX + i] - cur[NegQX + i]);
        }
        if (bits)
        {
            // Bits are bits; chunk accumulators read them most significant first.
            // Since v5, e's bits gather in 64-bit chunks, one digest limb each.
            T chunkContinues = periodic[ChunkContinuesPeriodic];
            T eContinues = eInChunks ? chunkContinues : periodic[SchnorrChallengeLayout.LimbContinues];
            result[65] = s * (s - T.One);
            result[66] = e * (e - T.One);
            result[67] = next[SAcc] - (chunkContinues * (cur[SAcc] + cur[SAcc]) + next[SBit]);
            result[68] = next[EAcc] - (eContinues * (cur[EAcc] + cur[EAcc]) + next[EBit]);
        }
    }

    /// <summary>Doubling: λd·2Y − (3X² + A) = 0; D.x = λd² − 2X; D.y = λd(X − D.x) − Y (constraints 0..14).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateDoubling<T>(ReadOnlySpan<T> cur, T active, Span<T> result) where T : unmanaged, IStarkField<T>
    {
        Span<T> t1 = stackalloc T[5];
        Span<T> t2 = stackalloc T[5];
        Span<T> t3 = stackalloc T[5];
        ReadOnlySpan<T> ax = cur.Slice(AccX, 5), ay = cur.Slice(AccY, 5), ld = cur.Slice(LambdaD, 5), dx = cur.Slice(DoubleX, 5), dy = cur.Slice(DoubleY, 5);
        Fp5Gadget.Add(ay, ay, t1);
        Fp5Gadget.Mul(ld, t1, t2);
        Fp5Gadget.Square(ax, t1);
        Fp5Gadget.Constant(EcGfp5Point.WeierstrassA, t3);
        for (int i = 0; i < 5; i++) result[i] = active * (t2[i] - (t1[i] + t1[i] + t1[i] + t3[i]));
        Fp5Gadget.Square(ld, t1);
        for (int i = 0; i < 5; i++) result[5 + i] = active * (dx[i] - (t1[i] - ax[i] - ax[i]));
        Fp5Gadget.Sub(ax, dx, t1);
        Fp5Gadget.Mul(ld, t1, t2);
        for (int i = 0; i < 5; i++) result[10 + i] = active * (dy[i] - (t2[i] - ay[i]));
    }

    /// <summary>Selection: P = s(1−e)·G + (1−s)e·(−Q) + s·e·(G − Q) (constraints 15..24).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateSelection<T>(ReadOnlySpan<T> cur, T s, T e, T active, Span<T> result) where T : unmanaged, IStarkField<T>
    {
        T onlyS = s - s * e, onlyE = e - s * e, both = s * e;
        Fp5 gx = EcGfp5Point.Generator.X, gy = EcGfp5Point.Generator.Y;
        for (int i = 0; i < 5; i++)
        {
            result[15 + i] = active * (cur[SelX + i] - (onlyS * T.FromBase(gx[i]) + onlyE * cur[NegQX + i] + both * cur[GmQX + i]));
            result[20 + i] = active * (cur[SelY + i] - (onlyS * T.FromBase(gy[i]) + onlyE * cur[NegQY + i] + both * cur[GmQY + i]));
        }
    }

    /// <summary>Addition (when a bit is set; <paramref name="gate"/> = active·any): λa·(P.x − D.x) = P.y − D.y and (P.x − D.x)·inv = 1 (constraints 25..34).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateAddition<T>(ReadOnlySpan<T> cur, T gate, Span<T> result) where T : unmanaged, IStarkField<T>
    {
        Span<T> t1 = stackalloc T[5];
        Span<T> t2 = stackalloc T[5];
        ReadOnlySpan<T> dx = cur.Slice(DoubleX, 5), dy = cur.Slice(DoubleY, 5), px = cur.Slice(SelX, 5), py = cur.Slice(SelY, 5);
        Fp5Gadget.Sub(px, dx, t1);
        Fp5Gadget.Mul(cur.Slice(LambdaA, 5), t1, t2);
        for (int i = 0; i < 5; i++) result[25 + i] = gate * (t2[i] - (py[i] - dy[i]));
        Fp5Gadget.Mul(t1, cur.Slice(Inv, 5), t2);
        t2[0] -= T.One;
        for (int i = 0; i < 5; i++) result[30 + i] = gate * t2[i];
    }

    /// <summary>Next accumulator: S = (λa² − D.x − P.x, λa(D.x − S.x) − D.y) if a bit is set, else D (constraints 35..39 if
    /// <paramref name="x"/>, 40..44 if <paramref name="y"/>).</summary>
    /// <remarks>With <paramref name="nextYFromNextX"/> (v6) the y constraint is next.y = λa(D.x − next.x) + (1 − 2·any)·D.y,
    /// degree 3 instead of 5. Under the x constraint (next.x = S.x when a bit is set, D.x otherwise) and the bit
    /// constraints (any ∈ {0, 1}) it admits exactly the rows v5's does: with a bit set it reads λa(D.x − S.x) − D.y, and
    /// with none D.x − next.x = 0 leaves next.y = D.y.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateNext<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, T active, T any, Span<T> result, bool x, bool y,
        bool nextYFromNextX) where T : unmanaged, IStarkField<T>
    {
        Span<T> t1 = stackalloc T[5];
        Span<T> t2 = stackalloc T[5];
        Span<T> sx = stackalloc T[5];
        ReadOnlySpan<T> dx = cur.Slice(DoubleX, 5), dy = cur.Slice(DoubleY, 5), px = cur.Slice(SelX, 5), la = cur.Slice(LambdaA, 5);
        T notAny = T.One - any;
        if (x || !nextYFromNextX)
        {
            Fp5Gadget.Square(la, t1);
            for (int i = 0; i < 5; i++) sx[i] = t1[i] - dx[i] - px[i];
        }
        if (x)
        {
            for (int i = 0; i < 5; i++) result[35 + i] = active * (next[AccX + i] - (any * sx[i] + notAny * dx[i]));
        }
        if (y && nextYFromNextX)
        {
            Fp5Gadget.Sub(dx, next.Slice(AccX, 5), t1);
            Fp5Gadget.Mul(la, t1, t2);
            T sign = notAny - any;
            for (int i = 0; i < 5; i++) result[40 + i] = active * (next[AccY + i] - (t2[i] + sign * dy[i]));
        }
        else if (y)
        {
            Fp5Gadget.Sub(dx, sx, t1);
            Fp5Gadget.Mul(la, t1, t2);
            for (int i = 0; i < 5; i++) result[40 + i] = active * (next[AccY + i] - (any * (t2[i] - dy[i]) + notAny * dy[i]));
        }
    }

    /// <summary>The constraint blocks <see cref="Evaluate{T}"/> computes separately, one bit each, with the constraints each writes.</summary>
    private static class Block
    {
        public const int Doubling = 1, Selection = 2, Addition = 4, NextX = 8, NextY = 16, Copy = 32, Bits = 64, EncodingLow = 128, EncodingHigh = 256;
        public const int ChallengeRounds = 512, ChallengeLinear = 1024;

        public static readonly (int Bit, int[] Constraints)[] All =
        [
            (Doubling, Range(0, 15)), (Selection, Range(15, 25)), (Addition, Range(25, 35)), (NextX, Range(35, 40)), (NextY, Range(40, 45)),
            (Copy, Range(45, 65)), (Bits, Range(65, 69)),
            (EncodingLow, [.. SchnorrEncodingChecks.LowDegree.Select(i => StepConstraints + i)]),
            (EncodingHigh, [.. SchnorrEncodingChecks.HighDegree.Select(i => StepConstraints + i)]),
        ];

        private const int ChallengeStart = StepConstraints + SchnorrEncodingChecks.Count;

        public static readonly (int Bit, int[] Constraints)[] AllInTrace =
        [
            .. All,
            (ChallengeRounds, Range(ChallengeStart, ChallengeStart + SchnorrChallengeConstraints.Rounds)),
            (ChallengeLinear, Range(ChallengeStart + SchnorrChallengeConstraints.Rounds, ChallengeStart + SchnorrChallengeConstraints.Count)),
        ];

        private static int[] Range(int from, int to) => [.. Enumerable.Range(from, to - from)];
    }

    private static ConstraintDegree[] BuildDegrees(bool challengeInTrace, bool nextYFromNextX)
    {
        var d = new ConstraintDegree[StepConstraints + SchnorrEncodingChecks.Count + (challengeInTrace ? SchnorrChallengeConstraints.Count : 0)];
        for (int i = 0; i < 15; i++) d[i] = new ConstraintDegree(2, SegmentLength);
        for (int i = 15; i < 25; i++) d[i] = new ConstraintDegree(3, SegmentLength);
        for (int i = 25; i < 35; i++) d[i] = new ConstraintDegree(4, SegmentLength);
        for (int i = 35; i < 40; i++) d[i] = new ConstraintDegree(4, SegmentLength);
        for (int i = 40; i < 45; i++) d[i] = new ConstraintDegree(nextYFromNextX ? 3 : 5, SegmentLength);
        for (int i = 45; i < 65; i++) d[i] = new ConstraintDegree(1, SegmentLength);
        d[65] = new ConstraintDegree(2);
        d[66] = new ConstraintDegree(2);
        d[67] = new ConstraintDegree(1, ChunkBits);
        d[68] = new ConstraintDegree(1, challengeInTrace ? SchnorrChallengeLayout.LimbBits : ChunkBits);
        for (int i = 0; i < SchnorrEncodingChecks.Count; i++) d[StepConstraints + i] = new ConstraintDegree(SchnorrEncodingChecks.Degree(i), SegmentLength);
        if (challengeInTrace)
        {
            SchnorrChallengeConstraints.Degrees().CopyTo(d, StepConstraints + SchnorrEncodingChecks.Count);
        }
        return d;
    }
}
