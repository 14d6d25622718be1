using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lamina.Stark.Field;

namespace Lamina.Stark.Prover;

/// <summary>How a level's constraint values are combined with their α coefficients and the transition factor at each point.</summary>
internal static partial class CompositionEvaluator
{
    /// <summary>
    /// Σ_t α_t·e_t·factor point by point in field arithmetic: the combination where AVX2 does not run (and the
    /// reference <see cref="CombineVector(Felt3[], Felt[], Felt[], int, int, Felt[][])"/> is tested against).
    /// </summary>
    internal static void CombineScalar(Felt3[] levelAlphas, Felt[] evaluationColumns, Felt[] transitionFactor, int start, int chunkLength, Felt[][] result)
    {
        for (int i = 0; i < chunkLength; i++)
        {
            Felt3 acc = Felt3.Zero;
            for (int c = 0; c < levelAlphas.Length; c++)
            {
                acc += levelAlphas[c] * evaluationColumns[c * chunkLength + i];
            }
            acc *= transitionFactor[i];
            result[0][start + i] = acc.C0;
            result[1][start + i] = acc.C1;
            result[2][start + i] = acc.C2;
        }
    }

    /// <summary>Limb width of the α components in <see cref="CombineVector(Felt3[], Felt[], Felt[], int, int, Felt[][])"/>: 32-bit halves of e times 22-bit limbs stay below 2^54.</summary>
    private const int LimbBits = 22;

    /// <summary>Most constraints one level may combine before the limb sums of <see cref="CombineVector(Felt3[], Felt[], Felt[], int, int, Felt[][])"/> could overflow 2^64.</summary>
    internal const int MaxLazyTerms = 1 << (64 - 32 - LimbBits);

    /// <summary>
    /// Σ_t α_t·e_t times the transition factor, four points at a time. Each component of α_t is split into 22-bit limbs and
    /// each e_t into 32-bit halves; the six partial products (below 2^54) are summed exactly in 64-bit lanes over all the
    /// level's constraints (at most 2^10) and reduced once per point: the same field value as one reduced product per term.
    /// </summary>
    internal static void CombineVector(
        Felt3[] alphas, Felt[] evaluationColumns, Felt[] transitionFactor, int start, int chunkLength, Felt[][] result) =>
        CombineVector(AlphaLimbs(alphas), alphas.Length, evaluationColumns, transitionFactor, start, chunkLength, result);

    /// <summary>The 22-bit limbs of every α component for <see cref="CombineVector(Felt3[], Felt[], Felt[], int, int, Felt[][])"/>: [(t·3 + component)·3 + l] is limb l of that component of α_t.</summary>
    private static ulong[] AlphaLimbs(Felt3[] alphas)
    {
        if (alphas.Length > MaxLazyTerms)
        {
            throw new InvalidOperationException($"a level of more than {MaxLazyTerms} constraints needs a reduction inside the sum");
        }
        ulong[] limbs = new ulong[alphas.Length * 9];
        const ulong limbMask = (1UL << LimbBits) - 1;
        for (int t = 0; t < alphas.Length; t++)
        {
            ulong[] components = [alphas[t].C0.Value, alphas[t].C1.Value, alphas[t].C2.Value];
            for (int k = 0; k < 3; k++)
            {
                for (int l = 0; l < 3; l++)
                {
                    limbs[(t * 3 + k) * 3 + l] = (components[k] >> (l * LimbBits)) & limbMask;
                }
            }
        }
        return limbs;
    }

    /// <summary><see cref="CombineVector(Felt3[], Felt[], Felt[], int, int, Felt[][])"/> with the α limbs split once per level (<see cref="AlphaLimbs"/>) for <paramref name="terms"/> constraints.</summary>
    private static unsafe void CombineVector(
        ulong[] limbs, int terms, Felt[] evaluationColumns, Felt[] transitionFactor, int start, int chunkLength, Felt[][] result)
    {
        // The weights of the six sums: 2^(32·half + 22·limb) mod p.
        Felt two = Felt.FromU64(2);
        Vector256<ulong> w22 = Vector256.Create(two.Pow(22).Value), w32 = Vector256.Create(two.Pow(32).Value);
        Vector256<ulong> w44 = Vector256.Create(two.Pow(44).Value), w54 = Vector256.Create(two.Pow(54).Value);
        Vector256<ulong> w76 = Vector256.Create(two.Pow(76).Value);
        fixed (ulong* limb = limbs)
        fixed (Felt* evals = evaluationColumns)
        fixed (Felt* factors = transitionFactor)
        fixed (Felt* out0 = result[0])
        fixed (Felt* out1 = result[1])
        fixed (Felt* out2 = result[2])
        {
            Felt*[] outputs = [out0, out1, out2];
            for (int i = 0; i < chunkLength; i += 4)
            {
                Vector256<ulong> f = Vector256.Load((ulong*)(factors + i));
                for (int k = 0; k < 3; k++)
                {
                    Vector256<ulong> lo0 = Vector256<ulong>.Zero, lo1 = lo0, lo2 = lo0, hi0 = lo0, hi1 = lo0, hi2 = lo0;
                    for (int t = 0; t < terms; t++)
                    {
                        Vector256<uint> e = Vector256.Load((ulong*)(evals + t * chunkLength + i)).AsUInt32();
                        Vector256<uint> eHi = Avx2.ShiftRightLogical(e.AsUInt64(), 32).AsUInt32();
                        ulong* a = limb + (t * 3 + k) * 3;
                        Vector256<uint> k0 = Vector256.Create(a[0]).AsUInt32(), k1 = Vector256.Create(a[1]).AsUInt32(), k2 = Vector256.Create(a[2]).AsUInt32();
                        lo0 += Avx2.Multiply(e, k0);
                        hi0 += Avx2.Multiply(eHi, k0);
                        lo1 += Avx2.Multiply(e, k1);
                        hi1 += Avx2.Multiply(eHi, k1);
                        lo2 += Avx2.Multiply(e, k2);
                        hi2 += Avx2.Multiply(eHi, k2);
                    }
                    // lo0 + hi0·2^32 + lo1·2^22 + hi1·2^54 + lo2·2^44 + hi2·2^76; every sum is below 2^64, a representative.
                    Vector256<ulong> sum = GoldilocksVector.Canonicalize(lo0);
                    sum = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(GoldilocksVector.Multiply(hi0, w32), sum));
                    sum = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(GoldilocksVector.Multiply(lo1, w22), sum));
                    sum = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(GoldilocksVector.Multiply(hi1, w54), sum));
                    sum = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(GoldilocksVector.Multiply(lo2, w44), sum));
                    sum = GoldilocksVector.AddCanonical(GoldilocksVector.Multiply(hi2, w76), sum);
                    GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(sum, f)).Store((ulong*)(outputs[k] + start + i));
                }
            }
        }
    }
}
