using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// The DEEP composition polynomial on the LDE:
/// Σ_c γ_c (T_c(x) − T_c(z))/(x − z) + γ'_c (T_c(x) − T_c(gz))/(x − gz) + Σ_j δ_j (H_j(x) − H_j(z))/(x − z).
/// It has degree &lt; n exactly when the claimed out-of-domain values are right, which FRI then checks.
/// <para>The numerators' random linear combinations A = Σ_c γ_c·T_c + Σ_j δ_j·H_j and B = Σ_c γ'_c·T_c are polynomials
/// of degree &lt; n, so they are formed from the n coefficients of every column (not from its blowup·n LDE values, eight
/// times the work) and then evaluated on the LDE, one coset of n points at a time; the values are the same field
/// elements as the combination of the LDE columns.</para>
/// </summary>
internal static class DeepComposition
{
    private const int ChunkSize = 1 << 12;

    /// <summary>
    /// <paramref name="traceCoefficients"/> are the trace columns' coefficients, <paramref name="compositionCoefficients"/>
    /// the 3·D base components of the composition columns' (each of n coefficients).
    /// </summary>
    public static Felt3[] Evaluate(
        StarkDomain domain, Felt[][] traceCoefficients, Felt[][] compositionCoefficients, Felt3 z,
        Felt3[] oodCurrent, Felt3[] oodNext, Felt3[] oodComposition, Felt3[] coefficients)
    {
        int width = traceCoefficients.Length;
        int columns = oodComposition.Length;
        int n = domain.TraceLength;
        int blowup = domain.Blowup;
        Felt3 gz = z * domain.TraceGenerator;

        // Constant parts: Σ γ_c T_c(z), Σ γ'_c T_c(gz), Σ δ_j H_j(z).
        Felt3 atZ = Felt3.Zero;
        Felt3 atGz = Felt3.Zero;
        for (int c = 0; c < width; c++)
        {
            atZ += coefficients[c] * oodCurrent[c];
            atGz += coefficients[width + c] * oodNext[c];
        }
        // δ_j·H_j(x) = Σ_k (δ_j·X^k)·h_jk(x): precompute δ_j·X^k so the combination uses base multiplications only.
        Felt3[] compositionWeights = new Felt3[3 * columns];
        for (int j = 0; j < columns; j++)
        {
            Felt3 d = coefficients[2 * width + j];
            atZ += d * oodComposition[j];
            compositionWeights[3 * j] = d;
            compositionWeights[3 * j + 1] = d * StarkProtocol.ExtensionBasis1;
            compositionWeights[3 * j + 2] = d * StarkProtocol.ExtensionBasis2;
        }

        // A and B in coefficient form: six base-field polynomials (three components each) of n coefficients.
        Felt[][] combined = new Felt[6][];
        for (int k = 0; k < 6; k++)
        {
            combined[k] = BufferPool<Felt>.Shared.Rent(n);
        }
        int chunks = Math.Max(1, n / ChunkSize);
        int chunkLength = n / chunks;
        Parallel.For(0, chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            LinearCombinations(traceCoefficients, compositionCoefficients, coefficients, compositionWeights, width, chunk * chunkLength, chunkLength, combined));

        // 1/(x − z) = q_z(x)/m_z(x), where m_z is z's minimal polynomial over F_p (base coefficients) and
        // q_z = m_z/(X − z): both quotients then share one base-field inversion of m_z(x)·m_gz(x) per point,
        // instead of two batch-inverted extension elements.
        var quotientZ = new ConjugateQuotient(z);
        var quotientGz = new ConjugateQuotient(gz);
        // Every element is written below, so it may come from the pool (1.6 GB at 2^26 points; reused across proofs).
        Felt3[] result = BufferPool<Felt3>.Shared.Rent(domain.LdeSize);
        Felt cosetGenerator = Felt.RootOfUnity(Ntt.Log2(n));
        // LDE point k + j·blowup is point j of the coset (offset·ω^k)·⟨ω^blowup⟩ (as Ntt.EvaluateOnCoset lays them out).
        Parallel.For(0, blowup, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (k) =>
        {
            Felt shift = domain.LdePoint(k);
            Felt[][] values = new Felt[6][];
            for (int c = 0; c < 6; c++)
            {
                values[c] = Ntt.EvaluateOnCoset(combined[c], n, shift);
            }
            Felt[] inverses = new Felt[chunkLength];
            Felt[] minimalZ = new Felt[chunkLength];
            Felt[] minimalGz = new Felt[chunkLength];
            for (int start = 0; start < n; start += chunkLength)
            {
                Felt x = shift * cosetGenerator.Pow((ulong)start);
                bool degenerate = false;
                for (int i = 0; i < chunkLength; i++)
                {
                    Felt mz = quotientZ.Minimal(x), mg = quotientGz.Minimal(x);
                    (minimalZ[i], minimalGz[i]) = (mz, mg);
                    Felt product = mz * mg;
                    degenerate |= product == Felt.Zero;
                    inverses[i] = product;
                    x *= cosetGenerator;
                }
                BatchInversion.InvertInPlace<Felt>(inverses);
                x = shift * cosetGenerator.Pow((ulong)start);
                for (int i = 0; i < chunkLength; i++)
                {
                    int j = start + i;
                    var a = new Felt3(values[0][j], values[1][j], values[2][j]);
                    var b = new Felt3(values[3][j], values[4][j], values[5][j]);
                    Felt squared = x * x;
                    result[k + j * blowup] = degenerate && inverses[i] == Felt.Zero
                        // x is a conjugate of z or g·z (only possible if one lies in F_p): the plain formula, so the
                        // value matches a direct inversion of x − z and x − g·z exactly.
                        ? (a - atZ) * (x - z).Inverse() + (b - atGz) * (x - gz).Inverse()
                        : ((a - atZ) * quotientZ.Quotient(x, squared) * minimalGz[i]
                            + (b - atGz) * quotientGz.Quotient(x, squared) * minimalZ[i]) * inverses[i];
                    x *= cosetGenerator;
                }
            }
            BufferPool<Felt>.Shared.Return(values);
        });
        BufferPool<Felt>.Shared.Return(combined);
        return result;
    }

    /// <summary>
    /// The coefficients <c>start..start+count</c> of A = Σ_c γ_c·T_c + Σ_k w_k·h_k (components into combined[0..2]) and
    /// B = Σ_c γ'_c·T_c (combined[3..5]); each extension coefficient times a base column is three independent base-field
    /// dot products, four coefficients at a time in AVX2 lanes where available (<see cref="WeightedHalves"/>).
    /// </summary>
    private static void LinearCombinations(
        Felt[][] traceCoefficients, Felt[][] compositionCoefficients, Felt3[] coefficients, Felt3[] compositionWeights,
        int width, int start, int count, Felt[][] combined)
    {
        if (!GoldilocksVector.IsSupported || count % 4 != 0)
        {
            for (int i = start; i < start + count; i++)
            {
                Felt3 sa = Felt3.Zero;
                Felt3 sb = Felt3.Zero;
                for (int c = 0; c < width; c++)
                {
                    Felt t = traceCoefficients[c][i];
                    sa += coefficients[c] * t;
                    sb += coefficients[width + c] * t;
                }
                for (int k = 0; k < compositionWeights.Length; k++)
                {
                    sa += compositionWeights[k] * compositionCoefficients[k][i];
                }
                (combined[0][i], combined[1][i], combined[2][i]) = (sa.C0, sa.C1, sa.C2);
                (combined[3][i], combined[4][i], combined[5][i]) = (sb.C0, sb.C1, sb.C2);
            }
            return;
        }
        // Each output's constants as 32-bit halves (the multiplier operands of vpmuludq): outputs 0..2 are A's components
        // over the trace columns then the composition columns, 3..5 B's over the trace columns.
        var halves = new ulong[6][];
        for (int j = 0; j < 6; j++)
        {
            int terms = j < 3 ? width + compositionWeights.Length : width;
            halves[j] = new ulong[2 * terms];
            for (int c = 0; c < terms; c++)
            {
                Felt3 k = j < 3 ? (c < width ? coefficients[c] : compositionWeights[c - width]) : coefficients[width + c];
                ulong value = (j % 3 == 0 ? k.C0 : j % 3 == 1 ? k.C1 : k.C2).Value;
                halves[j][2 * c] = value & 0xFFFF_FFFFUL;
                halves[j][2 * c + 1] = value >> 32;
            }
        }
        for (int i = start; i < start + count; i += 4)
        {
            for (int j = 0; j < 6; j++)
            {
                var sums = new WeightedHalves();
                AddColumns(ref sums, traceCoefficients, halves[j], 0, i);
                if (j < 3)
                {
                    AddColumns(ref sums, compositionCoefficients, halves[j], width, i);
                }
                sums.Reduce(combined[j].AsSpan(i, 4));
            }
        }
    }

    /// <summary>Adds Σ_c k_c·columns[c][i..i+4), k_c's halves at halves[2(first + c)] (low) and [2(first + c) + 1] (high).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns(ref WeightedHalves sums, Felt[][] columns, ulong[] halves, int first, int i)
    {
        ref ulong k = ref MemoryMarshal.GetArrayDataReference(halves);
        for (int c = 0; c < columns.Length; c++)
        {
            Vector256<ulong> t = Vector256.LoadUnsafe(ref Unsafe.As<Felt, ulong>(ref MemoryMarshal.GetArrayDataReference(columns[c])), (nuint)i);
            sums.Add(t, Vector256.Create(Unsafe.Add(ref k, 2 * (first + c))), Vector256.Create(Unsafe.Add(ref k, 2 * (first + c) + 1)));
        }
    }
}
