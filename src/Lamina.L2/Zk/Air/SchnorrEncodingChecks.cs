using System.Runtime.CompilerServices;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// The constraints of a signature segment's two idle check rows (<see cref="SchnorrLayout.ResultRow"/> and
/// <see cref="SchnorrLayout.KeyRow"/>), which replace the verifier's native decoding of R and Q (two GF(p^5) square
/// roots per signer) and its point additions. Each of the 35 constraints is one term on the result row plus one on the
/// key row (the two selectors are never both 1), so the two checks share composition terms.
/// <para><b>Result row</b> (acc = the accumulator after 320 steps, O = 2^320·H, λ, ι and w_R in the row's cells):
/// λ·(acc.x − O.x) = acc.y + O.y and ι·(acc.x − O.x) = 1 make R = acc + (−O) a chord addition of two distinct curve
/// points, so R is on the curve, in the prime-order group (acc is) and not the neutral; R.y = w_R·(a/3 − R.x) then
/// says exactly that R encodes to w_R (the encoding is injective on the group).</para>
/// <para><b>Key row</b> (−Q copied along the segment, x = (−Q).x − a/3 its double-odd x, w_Q, v, λ_g, ι_g):
/// (−Q).y = w_Q·x is the line of slope w_Q through N (Q.y = −w_Q·x), x² − (w_Q² − a)·x + b = 0 puts the point on the
/// curve (given the line and x ≠ 0), and x·v² = 1 makes x a nonzero square: of the two curve points on that line only
/// the decoding of w_Q has a square x (their x's multiply to the non-square b), the other being Q + N outside the
/// group. Then G − Q = G + (−Q) by a chord with ι_g the inverse of (−Q).x − G.x (so Q ≠ ±G).</para>
/// </summary>
internal static class SchnorrEncodingChecks
{
    public const int Count = 35;

    private static readonly Fp5 OffsetX = OffsetAfter.X, OffsetY = OffsetAfter.Y;

    /// <summary>The degree-2 constraints (indices into the 35): the result row's slope and the key's line, G − Q.</summary>
    public static readonly int[] LowDegree = [.. Enumerable.Range(0, 5), .. Enumerable.Range(15, 20)];

    /// <summary>The degree-3 constraints: the result row's inverse and encoding, the key's square and curve equation.</summary>
    public static readonly int[] HighDegree = [.. Enumerable.Range(5, 10)];

    /// <summary>Writes the <see cref="LowDegree"/> constraints if <paramref name="low"/>, the <see cref="HighDegree"/> ones if
    /// <paramref name="high"/> (the prover evaluates the two on cosets of different sizes).</summary>
    public static void Evaluate<T>(ReadOnlySpan<T> cur, T resultRow, T keyRow, Span<T> result, bool low, bool high) where T : unmanaged, IStarkField<T>
    {
        if (!low && !high)
        {
            return;
        }
        // Key row: x = (−Q).x − a/3. Result row: d = acc.x − O.x, R = acc + (−O).
        Span<T> x = stackalloc T[5];
        Span<T> dx = stackalloc T[5];
        for (int i = 0; i < 5; i++) x[i] = cur[NegQX + i] - T.FromBase(EcGfp5Point.ADiv3[i]);
        for (int i = 0; i < 5; i++) dx[i] = cur[AccX + i] - T.FromBase(OffsetX[i]);
        if (low)
        {
            EvaluateLow(cur, x, dx, resultRow, keyRow, result);
        }
        if (high)
        {
            EvaluateHigh(cur, x, dx, resultRow, keyRow, result);
        }
    }

    /// <summary>The <see cref="LowDegree"/> constraints. The two halves are methods of their own (not inlined), which keeps
    /// the prover's JIT within its inlining budget for the base-field products.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateLow<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> x, ReadOnlySpan<T> dx, T resultRow, T keyRow, Span<T> result)
        where T : unmanaged, IStarkField<T>
    {
        Span<T> t1 = stackalloc T[5];
        Span<T> t2 = stackalloc T[5];
        Span<T> t3 = stackalloc T[5];
        ReadOnlySpan<T> ay = cur.Slice(AccY, 5), lambda = cur.Slice(LambdaA, 5), inverse = cur.Slice(Inv, 5), w = cur.Slice(LambdaD, 5);
        ReadOnlySpan<T> nqx = cur.Slice(NegQX, 5), nqy = cur.Slice(NegQY, 5);
        // λ·d − (acc.y + O.y) on the result row; (−Q).y − w·x on the key row.
        Fp5Gadget.Mul(w, x, t2);
        Fp5Gadget.Mul(lambda, dx, t1);
        for (int i = 0; i < 5; i++) result[i] = resultRow * (t1[i] - ay[i] - T.FromBase(OffsetY[i])) + keyRow * (nqy[i] - t2[i]);

        // Key row: G − Q = G + (−Q): d = (−Q).x − G.x; λ·d − ((−Q).y − G.y); ι·d − 1; the sum's coordinates.
        ReadOnlySpan<T> gqx = cur.Slice(GmQX, 5), gqy = cur.Slice(GmQY, 5);
        Fp5 gx = EcGfp5Point.Generator.X, gy = EcGfp5Point.Generator.Y;
        Span<T> kd = stackalloc T[5];
        for (int i = 0; i < 5; i++) kd[i] = nqx[i] - T.FromBase(gx[i]);
        Fp5Gadget.Mul(lambda, kd, t1);
        for (int i = 0; i < 5; i++) result[15 + i] = keyRow * (t1[i] - (nqy[i] - T.FromBase(gy[i])));
        Fp5Gadget.Mul(inverse, kd, t1);
        t1[0] -= T.One;
        for (int i = 0; i < 5; i++) result[20 + i] = keyRow * t1[i];
        Fp5Gadget.Square(lambda, t1);
        for (int i = 0; i < 5; i++) result[25 + i] = keyRow * (gqx[i] - (t1[i] - T.FromBase(gx[i]) - nqx[i]));
        for (int i = 0; i < 5; i++) t3[i] = T.FromBase(gx[i]) - gqx[i];
        Fp5Gadget.Mul(lambda, t3, t1);
        for (int i = 0; i < 5; i++) result[30 + i] = keyRow * (gqy[i] - (t1[i] - T.FromBase(gy[i])));
    }

    /// <summary>The <see cref="HighDegree"/> constraints.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateHigh<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> x, ReadOnlySpan<T> dx, T resultRow, T keyRow, Span<T> result)
        where T : unmanaged, IStarkField<T>
    {
        Span<T> t1 = stackalloc T[5], t2 = stackalloc T[5], t3 = stackalloc T[5];
        ReadOnlySpan<T> ax = cur.Slice(AccX, 5), ay = cur.Slice(AccY, 5), v = cur.Slice(DoubleX, 5);
        ReadOnlySpan<T> lambda = cur.Slice(LambdaA, 5), inverse = cur.Slice(Inv, 5), w = cur.Slice(LambdaD, 5);
        // ι·d − 1 on the result row; x·v² − 1 on the key row.
        Fp5Gadget.Square(v, t1);
        Fp5Gadget.Mul(x, t1, t2);
        t2[0] -= T.One;
        Fp5Gadget.Mul(inverse, dx, t1);
        t1[0] -= T.One;
        for (int i = 0; i < 5; i++) result[5 + i] = resultRow * t1[i] + keyRow * t2[i];

        // R.y − w·(a/3 − R.x) on the result row; x² − (w² − a)·x + b on the key row.
        Span<T> rx = stackalloc T[5];
        Span<T> k3 = stackalloc T[5];
        Fp5Gadget.Square(w, t1);
        for (int i = 0; i < 5; i++) t1[i] -= T.FromBase(EcGfp5Point.SmallA[i]);
        Fp5Gadget.Sub(x, t1, t2);
        Fp5Gadget.Mul(x, t2, k3);
        for (int i = 0; i < 5; i++) k3[i] += T.FromBase(EcGfp5Point.SmallB[i]);
        Fp5Gadget.Square(lambda, t1);
        for (int i = 0; i < 5; i++) rx[i] = t1[i] - ax[i] - T.FromBase(OffsetX[i]);
        Fp5Gadget.Sub(ax, rx, t1);
        Fp5Gadget.Mul(lambda, t1, t2); // λ·(acc.x − R.x); R.y = t2 − acc.y
        for (int i = 0; i < 5; i++) t3[i] = T.FromBase(EcGfp5Point.ADiv3[i]) - rx[i];
        Fp5Gadget.Mul(w, t3, t1);
        for (int i = 0; i < 5; i++) result[10 + i] = resultRow * (t2[i] - ay[i] - t1[i]) + keyRow * k3[i];
    }

    /// <summary>Trace degrees (each times one cycle-512 selector), in the order <see cref="Evaluate{T}"/> writes them.</summary>
    public static int Degree(int index) => Array.IndexOf(HighDegree, index) >= 0 ? 3 : 2;

    /// <summary>The result row's slope and inverse for an accumulator <paramref name="acc"/> = R + 2^320·H.</summary>
    public static (Fp5 Lambda, Fp5 Inverse) ResultWitness(EcGfp5Point acc)
    {
        Fp5 d = acc.X - OffsetX;
        if (d.IsZero)
        {
            throw new InvalidOperationException("the accumulator ends at ±2^320·H; this signature cannot be proven");
        }
        return ((acc.Y + OffsetY) / d, d.Inverse());
    }

    /// <summary>The key row's cells for a key point Q (−Q and G − Q are the copied columns): v = 1/√x (0 if x is no nonzero square), the chord's slope and inverse.</summary>
    public static (Fp5 V, Fp5 Lambda, Fp5 Inverse) KeyWitness(EcGfp5Point negatedKey)
    {
        // A point outside the group (a cheating hint) has no v: zero makes x·v² = 1 fail, which the prover reports.
        Fp5 x = negatedKey.X - EcGfp5Point.ADiv3;
        Fp5 v = x.TrySqrt(out Fp5 root) && !root.IsZero ? root.Inverse() : Fp5.Zero;
        Fp5 d = negatedKey.X - EcGfp5Point.Generator.X;
        if (d.IsZero)
        {
            throw new InvalidOperationException("the key is ±G (secret ±1); such keys cannot be proven");
        }
        return (v, (negatedKey.Y - EcGfp5Point.Generator.Y) / d, d.Inverse());
    }
}
