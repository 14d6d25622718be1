using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>
/// Radix-2 number-theoretic transform over the power-of-two subgroups of Goldilocks (sizes up to 2^32).
/// Inputs and outputs are in natural order. Forward: coefficients → evaluations at ω^0..ω^(n−1).
/// </summary>
public static class Ntt
{
    // Twiddles depend only on the size, so caching them cannot affect determinism; the dictionary is a memo.
    private static readonly ConcurrentDictionary<int, Felt[]> ForwardTwiddles = new();
    private static readonly ConcurrentDictionary<int, Felt[]> InverseTwiddles = new();

    /// <summary>Below this size one thread is faster than fanning out butterflies.</summary>
    private const int ParallelThreshold = 1 << 16;

    public static void Forward(Span<Felt> values) => Transform(values, inverse: false);

    /// <summary>Evaluations at ω^i → coefficients (includes the 1/n scaling).</summary>
    public static void Inverse(Span<Felt> values)
    {
        Transform(values, inverse: true);
        Felt nInv = Felt.FromU64((ulong)values.Length).Inverse();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= nInv;
        }
    }

    /// <summary>
    /// Evaluates a polynomial with the given coefficients on the coset offset·⟨ω⟩ of size domainSize.
    /// </summary>
    public static Felt[] EvaluateOnCoset(ReadOnlySpan<Felt> coefficients, int domainSize, Felt offset)
    {
        if (!IsPowerOfTwo(domainSize) || coefficients.Length > domainSize)
        {
            throw new ArgumentException("Domain size must be a power of two at least the number of coefficients.");
        }
        Felt[] result = new Felt[domainSize];
        int m = 1;
        while (m < coefficients.Length)
        {
            m <<= 1;
        }
        int blowup = domainSize / m;
        if (blowup == 1 || m < 2)
        {
            Felt power = Felt.One;
            for (int i = 0; i < coefficients.Length; i++)
            {
                result[i] = coefficients[i] * power;
                power *= offset;
            }
            Forward(result);
            return result;
        }

        // Low-degree extension without zero padding: the size-N coset splits into `blowup` size-m cosets
        // (offset·ω_N^k)·⟨ω_m⟩, and point k + j·blowup of the big one is point j of coset k. Each small
        // transform touches m elements instead of N, so it stays in cache and skips the padded zeros.
        Felt omegaN = Felt.RootOfUnity(Log2(domainSize));
        Felt[][] cosets = new Felt[blowup][];
        Felt shift = offset;
        for (int k = 0; k < blowup; k++)
        {
            Felt[] small = new Felt[m];
            Felt power = Felt.One;
            for (int i = 0; i < coefficients.Length; i++)
            {
                small[i] = coefficients[i] * power;
                power *= shift;
            }
            Forward(small);
            cosets[k] = small;
            shift *= omegaN;
        }
        // Interleave with sequential writes (a strided scatter per coset would touch every cache line of the
        // result once per coset).
        for (int j = 0; j < m; j++)
        {
            int baseIndex = j * blowup;
            for (int k = 0; k < blowup; k++)
            {
                result[baseIndex + k] = cosets[k][j];
            }
        }
        return result;
    }

    /// <summary>Coefficients of the polynomial whose evaluations on offset·⟨ω⟩ are given (in place).</summary>
    public static void InterpolateCoset(Span<Felt> evaluations, Felt offset)
    {
        Inverse(evaluations);
        Felt offsetInv = offset.Inverse();
        Felt power = Felt.One;
        for (int i = 0; i < evaluations.Length; i++)
        {
            evaluations[i] *= power;
            power *= offsetInv;
        }
    }

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    public static int Log2(int n)
    {
        if (!IsPowerOfTwo(n))
        {
            throw new ArgumentException($"{n} is not a power of two.");
        }
        return System.Numerics.BitOperations.Log2((uint)n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Transform(Span<Felt> a, bool inverse)
    {
        int n = a.Length;
        if (n <= 1)
        {
            return;
        }
        int logN = Log2(n);
        Felt[] twiddles = GetTwiddles(logN, inverse);
        BitReverse(a, logN);

        fixed (Felt* basePtr = a)
        fixed (Felt* twPtr = twiddles)
        {
            nint data = (nint)basePtr;
            nint tw = (nint)twPtr;
            if (n < ParallelThreshold)
            {
                for (int half = 1; half < n; half <<= 1)
                {
                    for (int start = 0; start < n; start += 2 * half)
                    {
                        Butterflies((Felt*)data + start, half, (Felt*)tw + half, 0, half);
                    }
                }
                return;
            }

            // Large transforms: the first stages work on independent blocks, so each thread takes whole blocks;
            // the last stages have few large blocks, so each thread takes a slice of one block's butterflies.
            const int block = 1 << 12;
            Parallel.For(0, n / block, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b) =>
            {
                Felt* s = (Felt*)data + b * block;
                for (int half = 1; half < block; half <<= 1)
                {
                    for (int start = 0; start < block; start += 2 * half)
                    {
                        Butterflies(s + start, half, (Felt*)tw + half, 0, half);
                    }
                }
            });
            for (int half = block; half < n; half <<= 1)
            {
                int h = half;
                int chunks = Math.Max(1, h / 4096);
                int len = h / chunks;
                int groups = n / (2 * h);
                Parallel.For(0, groups * chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (job) =>
                {
                    int g = job / chunks;
                    int c = job % chunks;
                    Butterflies((Felt*)data + g * 2 * h, h, (Felt*)tw + h, c * len, (c + 1) * len);
                });
            }
        }
    }

    /// <summary>Butterflies j in [from, to) of one block of size 2·half; tw points at this stage's twiddles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Butterflies(Felt* block, int half, Felt* tw, int from, int to)
    {
        Felt* lo = block;
        Felt* hi = block + half;
        int j = from;
        if (GoldilocksVector.IsSupported)
        {
            // Four butterflies per step; every value is kept canonical so the scalar tail and later stages agree.
            for (; j + 4 <= to; j += 4)
            {
                Vector256<ulong> h = Vector256.Load((ulong*)(hi + j));
                Vector256<ulong> w = Vector256.Load((ulong*)(tw + j));
                Vector256<ulong> l = Vector256.Load((ulong*)(lo + j));
                Vector256<ulong> t = GoldilocksVector.Canonicalize(GoldilocksVector.Multiply(h, w));
                GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(l, t)).Store((ulong*)(lo + j));
                GoldilocksVector.SubtractCanonical(l, t).Store((ulong*)(hi + j));
            }
        }
        for (; j < to; j++)
        {
            Felt t = hi[j] * tw[j];
            Felt u = lo[j];
            lo[j] = u + t;
            hi[j] = u - t;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BitReverse(Span<Felt> a, int logN)
    {
        int shift = 32 - logN;
        for (int i = 0; i < a.Length; i++)
        {
            int j = (int)(ReverseBits((uint)i) >> shift);
            if (j > i)
            {
                (a[i], a[j]) = (a[j], a[i]);
            }
        }
    }

    private static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }

    /// <summary>
    /// Twiddles laid out by stage: entries [h, 2h) hold ω_(2h)^j for j &lt; h, so every stage reads its
    /// twiddles sequentially.
    /// </summary>
    private static Felt[] GetTwiddles(int logN, bool inverse)
    {
        var cache = inverse ? InverseTwiddles : ForwardTwiddles;
        return cache.GetOrAdd(logN, k =>
        {
            int n = 1 << k;
            Felt[] t = new Felt[n];
            for (int half = 1; half < n; half <<= 1)
            {
                Felt root = Felt.RootOfUnity(Log2(2 * half));
                if (inverse)
                {
                    root = root.Inverse();
                }
                Felt acc = Felt.One;
                for (int j = 0; j < half; j++)
                {
                    t[half + j] = acc;
                    acc *= root;
                }
            }
            return t;
        });
    }
}
