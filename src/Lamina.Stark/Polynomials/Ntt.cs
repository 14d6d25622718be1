using System.Collections.Concurrent;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>
/// Radix-2 number-theoretic transform over the power-of-two subgroups of Goldilocks (sizes up to 2^32).
/// Inputs and outputs are in natural order. Forward: coefficients → evaluations at ω^0..ω^(n−1).
/// </summary>
public static class Ntt
{
    // Twiddles for size 2^k hold ω_k^i for i < 2^(k−1). They depend only on k, so caching them cannot
    // affect determinism; the dictionary is only a memo.
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
        Felt power = Felt.One;
        for (int i = 0; i < coefficients.Length; i++)
        {
            result[i] = coefficients[i] * power;
            power *= offset;
        }
        Forward(result);
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

    private static void Transform(Span<Felt> a, bool inverse)
    {
        int n = a.Length;
        if (n <= 1)
        {
            return;
        }
        int logN = Log2(n);
        Felt[] twiddles = GetTwiddles(logN, inverse);
        BitReverse(a, logN);

        if (n < ParallelThreshold)
        {
            for (int half = 1; half < n; half <<= 1)
            {
                int step = n / (2 * half);
                for (int start = 0; start < n; start += 2 * half)
                {
                    Butterflies(a.Slice(start, 2 * half), twiddles, step);
                }
            }
            return;
        }

        // Large transforms: the first stages work on independent small blocks, so each thread takes whole
        // blocks; the last stages have few large blocks, so each thread takes a slice of one block's butterflies.
        unsafe
        {
            fixed (Felt* basePtr = a)
            {
                nint ptr = (nint)basePtr;
                const int blockLog = 12;
                int block = 1 << blockLog;
                Parallel.For(0, n / block, b =>
                {
                    Span<Felt> s = new((void*)(ptr + b * block * sizeof(Felt)), block);
                    for (int half = 1; half < block; half <<= 1)
                    {
                        int step = n / (2 * half);
                        for (int start = 0; start < block; start += 2 * half)
                        {
                            Butterflies(s.Slice(start, 2 * half), twiddles, step);
                        }
                    }
                });
                for (int half = block; half < n; half <<= 1)
                {
                    int step = n / (2 * half);
                    int h = half;
                    int chunks = Math.Max(1, h / 4096);
                    int groups = n / (2 * h);
                    Parallel.For(0, groups * chunks, job =>
                    {
                        int g = job / chunks;
                        int c = job % chunks;
                        int len = h / chunks;
                        Span<Felt> whole = new((void*)ptr, n);
                        Span<Felt> lo = whole.Slice(g * 2 * h, h);
                        Span<Felt> hi = whole.Slice(g * 2 * h + h, h);
                        for (int j = c * len; j < (c + 1) * len; j++)
                        {
                            Felt t = hi[j] * twiddles[j * step];
                            Felt u = lo[j];
                            lo[j] = u + t;
                            hi[j] = u - t;
                        }
                    });
                }
            }
        }
    }

    private static void Butterflies(Span<Felt> block, Felt[] twiddles, int step)
    {
        int half = block.Length / 2;
        Span<Felt> lo = block[..half];
        Span<Felt> hi = block[half..];
        for (int j = 0; j < half; j++)
        {
            Felt t = hi[j] * twiddles[j * step];
            Felt u = lo[j];
            lo[j] = u + t;
            hi[j] = u - t;
        }
    }

    private static void BitReverse(Span<Felt> a, int logN)
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

    private static Felt[] GetTwiddles(int logN, bool inverse)
    {
        var cache = inverse ? InverseTwiddles : ForwardTwiddles;
        return cache.GetOrAdd(logN, k =>
        {
            Felt root = Felt.RootOfUnity(k);
            if (inverse)
            {
                root = root.Inverse();
            }
            int half = 1 << (k - 1);
            Felt[] t = new Felt[half];
            Felt acc = Felt.One;
            for (int i = 0; i < half; i++)
            {
                t[i] = acc;
                acc *= root;
            }
            return t;
        });
    }
}
