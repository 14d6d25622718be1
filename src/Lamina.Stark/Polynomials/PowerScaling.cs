using System.Runtime.Intrinsics;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>Elementwise products with powers of a coset's shift, the scaling around <see cref="Ntt"/>'s coset transforms.</summary>
internal static class PowerScaling
{
    /// <summary>Below this size one thread is faster than fanning out.</summary>
    private const int ParallelThreshold = 1 << 16;

    /// <summary>
    /// target[i] = source[i]·first·shift^i, in parallel runs for large inputs (each run starts from its own power, so
    /// the values are those of one sequential pass). <paramref name="target"/> may be <paramref name="source"/> itself.
    /// </summary>
    public static unsafe void ScaleByPowers(ReadOnlySpan<Felt> source, Span<Felt> target, Felt first, Felt shift)
    {
        int length = source.Length;
        int runs = length >= ParallelThreshold && Ntt.IsPowerOfTwo(length) ? length / (ParallelThreshold / 4) : 1;
        int runLength = length / runs;
        fixed (Felt* sourcePtr = source)
        fixed (Felt* targetPtr = target)
        {
            nint from = (nint)sourcePtr;
            nint to = (nint)targetPtr;
            Parallel.For(0, runs, r =>
            {
                int start = r * runLength;
                int end = r == runs - 1 ? length : start + runLength;
                Felt power = first * shift.Pow((ulong)start);
                Felt* c = (Felt*)from;
                Felt* d = (Felt*)to;
                int i = start;
                if (GoldilocksVector.IsSupported && end - start >= 8)
                {
                    // Four consecutive powers per vector, each lane stepping by shift^4: two vector products per four elements
                    // instead of a chain of eight dependent scalar ones.
                    Felt shift2 = shift * shift;
                    Vector256<ulong> powers = Vector256.Create(power.Value, (power * shift).Value, (power * shift2).Value, (power * shift2 * shift).Value);
                    Vector256<ulong> step = Vector256.Create((shift2 * shift2).Value);
                    for (; i + 4 <= end; i += 4)
                    {
                        ShiftedLanes.MultiplyCanonical(Vector256.Load((ulong*)(c + i)), powers).Store((ulong*)(d + i));
                        powers = ShiftedLanes.MultiplyCanonical(powers, step);
                    }
                    power = Felt.FromU64(powers.GetElement(0));
                }
                for (; i < end; i++)
                {
                    d[i] = c[i] * power;
                    power *= shift;
                }
            });
        }
    }

    /// <summary>
    /// powers[i] = shift^rev(i), rev reversing log2(length) bits: the indices in [2^l, 2^(l+1)) are those of [0, 2^l) with
    /// bit l added, whose reverse adds 2^(log2(length) − 1 − l) to the exponent, so each half-open range is the one before
    /// it times one power of the shift.
    /// </summary>
    public static unsafe void BitReversedPowers(Felt shift, Span<Felt> powers)
    {
        int length = powers.Length;
        int logLength = Ntt.Log2(length);
        powers[0] = Felt.One;
        fixed (Felt* p = powers)
        {
            for (int l = 0; l < logLength; l++)
            {
                int size = 1 << l;
                Felt factor = shift.Pow(1UL << (logLength - 1 - l));
                int j = 0;
                if (GoldilocksVector.IsSupported)
                {
                    Vector256<ulong> f = Vector256.Create(factor.Value);
                    for (; j + 4 <= size; j += 4)
                    {
                        ShiftedLanes.MultiplyCanonical(Vector256.Load((ulong*)(p + j)), f).Store((ulong*)(p + size + j));
                    }
                }
                for (; j < size; j++)
                {
                    p[size + j] = p[j] * factor;
                }
            }
        }
    }

    /// <summary>
    /// target[i] = a[i]·b[i], and when <paramref name="copy"/> is not empty the same product there too (one pass where a
    /// product and a copy took two). <paramref name="target"/> may be <paramref name="a"/> itself.
    /// </summary>
    public static unsafe void MultiplyElementwise(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b, Span<Felt> target, Span<Felt> copy = default)
    {
        if (b.Length < a.Length || target.Length < a.Length || (!copy.IsEmpty && copy.Length < a.Length))
        {
            throw new ArgumentException("the factors and the targets must be at least as long as the values");
        }
        fixed (Felt* x = a)
        fixed (Felt* y = b)
        fixed (Felt* z = target)
        fixed (Felt* c = copy)
        {
            Felt* second = copy.IsEmpty ? z : c;
            int i = 0;
            if (GoldilocksVector.IsSupported)
            {
                for (; i + 4 <= a.Length; i += 4)
                {
                    Vector256<ulong> product = ShiftedLanes.MultiplyCanonical(Vector256.Load((ulong*)(x + i)), Vector256.Load((ulong*)(y + i)));
                    product.Store((ulong*)(z + i));
                    product.Store((ulong*)(second + i));
                }
            }
            for (; i < a.Length; i++)
            {
                second[i] = z[i] = x[i] * y[i];
            }
        }
    }

    /// <summary>values[i] ← values[i]·factor (the 1/n of an inverse transform).</summary>
    public static unsafe void Scale(Span<Felt> values, Felt factor)
    {
        fixed (Felt* x = values)
        {
            int i = 0;
            if (GoldilocksVector.IsSupported)
            {
                Vector256<ulong> f = Vector256.Create(factor.Value);
                for (; i + 4 <= values.Length; i += 4)
                {
                    ShiftedLanes.MultiplyCanonical(Vector256.Load((ulong*)(x + i)), f).Store((ulong*)(x + i));
                }
            }
            for (; i < values.Length; i++)
            {
                x[i] *= factor;
            }
        }
    }
}
