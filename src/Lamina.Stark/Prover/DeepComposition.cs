using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lamina.Stark.Field;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// The DEEP composition polynomial on the LDE:
/// Σ_c γ_c (T_c(x) − T_c(z))/(x − z) + γ'_c (T_c(x) − T_c(gz))/(x − gz) + Σ_j δ_j (H_j(x) − H_j(z))/(x − z).
/// It has degree &lt; n exactly when the claimed out-of-domain values are right, which FRI then checks.
/// </summary>
internal static class DeepComposition
{
    private const int ChunkSize = 1 << 12;

    /// <summary>
    /// <paramref name="compositionLde"/> is either the 3·D composition columns (<paramref name="combined"/> false)
    /// or the three coordinates of Σ_j δ_j·H_j already combined (true; the low-memory prover's form).
    /// </summary>
    public static Felt3[] Evaluate(
        StarkDomain domain, Felt[][] traceLde, Felt[][] compositionLde, bool combined, Felt3 z,
        Felt3[] oodCurrent, Felt3[] oodNext, Felt3[] oodComposition, Felt3[] coefficients)
    {
        int width = traceLde.Length;
        int columns = oodComposition.Length;
        int ldeSize = domain.LdeSize;
        Felt3 gz = z * domain.TraceGenerator;

        // Constant parts: Σ γ_c T_c(z), Σ γ'_c T_c(gz), Σ δ_j H_j(z).
        Felt3 atZ = Felt3.Zero;
        Felt3 atGz = Felt3.Zero;
        for (int c = 0; c < width; c++)
        {
            atZ += coefficients[c] * oodCurrent[c];
            atGz += coefficients[width + c] * oodNext[c];
        }
        // δ_j·H_j(x) = Σ_k (δ_j·X^k)·h_jk(x): precompute δ_j·X^k so the loop uses base multiplications only.
        Felt3[] compositionWeights = new Felt3[3 * columns];
        for (int j = 0; j < columns; j++)
        {
            Felt3 d = coefficients[2 * width + j];
            atZ += d * oodComposition[j];
            compositionWeights[3 * j] = d;
            compositionWeights[3 * j + 1] = d * StarkProtocol.ExtensionBasis1;
            compositionWeights[3 * j + 2] = d * StarkProtocol.ExtensionBasis2;
        }
        if (combined)
        {
            compositionWeights = [Felt3.One, StarkProtocol.ExtensionBasis1, StarkProtocol.ExtensionBasis2];
        }

        // 1/(x − z) = q_z(x)/m_z(x), where m_z is z's minimal polynomial over F_p (base coefficients) and
        // q_z = m_z/(X − z): both quotients then share one base-field inversion of m_z(x)·m_gz(x) per point,
        // instead of two batch-inverted extension elements.
        var quotientZ = new ConjugateQuotient(z);
        var quotientGz = new ConjugateQuotient(gz);
        // Every element is written below, so the GC need not zero this (1.6 GB at 2^26 points).
        Felt3[] result = GC.AllocateUninitializedArray<Felt3>(ldeSize);
        int chunks = Math.Max(1, ldeSize / ChunkSize);
        int chunkLength = ldeSize / chunks;
        Parallel.For(0, chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            int start = chunk * chunkLength;
            Felt[] inverses = new Felt[chunkLength];
            Felt x = domain.LdePoint(start);
            bool degenerate = false;
            for (int i = 0; i < chunkLength; i++)
            {
                Felt product = quotientZ.Minimal(x) * quotientGz.Minimal(x);
                degenerate |= product == Felt.Zero;
                inverses[i] = product;
                x *= domain.LdeGenerator;
            }
            Field.BatchInversion.InvertInPlace<Felt>(inverses);
            Felt3[] a = new Felt3[chunkLength];
            Felt3[] b = new Felt3[chunkLength];
            if (GoldilocksVector.IsSupported && chunkLength % 4 == 0)
            {
                LinearCombinationsVector(traceLde, compositionLde, coefficients, compositionWeights, width, start, chunkLength, a, b);
            }
            else
            {
                for (int i = 0; i < chunkLength; i++)
                {
                    int row = start + i;
                    Felt3 sa = Felt3.Zero;
                    Felt3 sb = Felt3.Zero;
                    for (int c = 0; c < width; c++)
                    {
                        Felt t = traceLde[c][row];
                        sa += coefficients[c] * t;
                        sb += coefficients[width + c] * t;
                    }
                    for (int k = 0; k < compositionWeights.Length; k++)
                    {
                        sa += compositionWeights[k] * compositionLde[k][row];
                    }
                    a[i] = sa;
                    b[i] = sb;
                }
            }
            x = domain.LdePoint(start);
            for (int i = 0; i < chunkLength; i++)
            {
                if (degenerate && inverses[i] == Felt.Zero)
                {
                    // x is a conjugate of z or g·z (only possible if one lies in F_p): the plain formula, so the
                    // value matches a direct inversion of x − z and x − g·z exactly.
                    result[start + i] = (a[i] - atZ) * (x - z).Inverse() + (b[i] - atGz) * (x - gz).Inverse();
                }
                else
                {
                    result[start + i] = ((a[i] - atZ) * quotientZ.Quotient(x) * quotientGz.Minimal(x)
                        + (b[i] - atGz) * quotientGz.Quotient(x) * quotientZ.Minimal(x)) * inverses[i];
                }
                x *= domain.LdeGenerator;
            }
        });
        return result;
    }

    /// <summary>
    /// a = Σ_c γ_c·T_c(x) + Σ_k w_k·h_k(x) and b = Σ_c γ'_c·T_c(x) for four LDE rows at a time: each extension
    /// coefficient times a base column is three independent base-field dot products, done in AVX2 lanes.
    /// </summary>
    private static unsafe void LinearCombinationsVector(
        Felt[][] traceLde, Felt[][] compositionLde, Felt3[] coefficients, Felt3[] compositionWeights,
        int width, int start, int count, Felt3[] a, Felt3[] b)
    {
        Span<ulong> lanes = stackalloc ulong[4 * 6];
        for (int i = 0; i < count; i += 4)
        {
            int row = start + i;
            Vector256<ulong> a0 = Vector256<ulong>.Zero, a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            for (int c = 0; c < width; c++)
            {
                Vector256<ulong> t;
                fixed (Felt* p = &traceLde[c][row])
                {
                    t = Vector256.Load((ulong*)p);
                }
                Felt3 g = coefficients[c];
                Felt3 h = coefficients[width + c];
                a0 = Accumulate(a0, t, g.C0);
                a1 = Accumulate(a1, t, g.C1);
                a2 = Accumulate(a2, t, g.C2);
                b0 = Accumulate(b0, t, h.C0);
                b1 = Accumulate(b1, t, h.C1);
                b2 = Accumulate(b2, t, h.C2);
            }
            for (int k = 0; k < compositionWeights.Length; k++)
            {
                Vector256<ulong> t;
                fixed (Felt* p = &compositionLde[k][row])
                {
                    t = Vector256.Load((ulong*)p);
                }
                Felt3 w = compositionWeights[k];
                a0 = Accumulate(a0, t, w.C0);
                a1 = Accumulate(a1, t, w.C1);
                a2 = Accumulate(a2, t, w.C2);
            }
            GoldilocksVector.Canonicalize(a0).CopyTo(lanes);
            GoldilocksVector.Canonicalize(a1).CopyTo(lanes[4..]);
            GoldilocksVector.Canonicalize(a2).CopyTo(lanes[8..]);
            GoldilocksVector.Canonicalize(b0).CopyTo(lanes[12..]);
            GoldilocksVector.Canonicalize(b1).CopyTo(lanes[16..]);
            GoldilocksVector.Canonicalize(b2).CopyTo(lanes[20..]);
            for (int r = 0; r < 4; r++)
            {
                a[i + r] = new Felt3(FromRaw(lanes[r]), FromRaw(lanes[4 + r]), FromRaw(lanes[8 + r]));
                b[i + r] = new Felt3(FromRaw(lanes[12 + r]), FromRaw(lanes[16 + r]), FromRaw(lanes[20 + r]));
            }
        }
    }

    /// <summary>acc + t·k, keeping acc a valid 64-bit representative (the product is canonicalized first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Accumulate(Vector256<ulong> acc, Vector256<ulong> t, Felt k) =>
        GoldilocksVector.AddCanonical(acc, GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(t, Vector256.Create(k.Value))));

    private static Felt FromRaw(ulong canonical) => Felt.FromU64(canonical);
}
