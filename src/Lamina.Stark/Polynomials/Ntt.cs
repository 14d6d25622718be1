using System.Buffers;
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
    private static readonly ConcurrentDictionary<int, Felt[]> ForwardCubedTwiddles = new();
    private static readonly ConcurrentDictionary<int, Felt[]> InverseCubedTwiddles = new();

    /// <summary>The coset extension's tables by (m, N, offset): offset^rev(i) and ω_N^rev(i) for i &lt; m.</summary>
    private static readonly ConcurrentDictionary<(int Small, int Large, ulong Offset), (Felt[] OffsetPowers, Felt[] StepPowers)> CosetPowers = new();

    /// <summary>Below this size one thread is faster than fanning out butterflies.</summary>
    private const int ParallelThreshold = 1 << 16;

    /// <summary>Stages above the first 2^12 done per pass over the array, and the run of j each job takes.</summary>
    private const int HighStagesPerPass = 4;

    private const int HighStageRun = 256;

    public static void Forward(Span<Felt> values) => Transform(values, inverse: false);

    /// <summary>Evaluations at ω^i → coefficients (includes the 1/n scaling).</summary>
    public static void Inverse(Span<Felt> values)
    {
        Transform(values, inverse: true);
        PowerScaling.Scale(values, Felt.FromU64((ulong)values.Length).Inverse());
    }

    /// <summary>
    /// Evaluates a polynomial with the given coefficients on the coset offset·⟨ω⟩ of size domainSize.
    /// </summary>
    public static Felt[] EvaluateOnCoset(ReadOnlySpan<Felt> coefficients, int domainSize, Felt offset)
    {
        if (!IsPowerOfTwo(domainSize) || coefficients.Length > domainSize)
        {
            throw new ArgumentException("domain size must be a power of two at least the number of coefficients");
        }
        int m = 1;
        while (m < coefficients.Length)
        {
            m <<= 1;
        }
        int blowup = domainSize / m;
        if (blowup == 1 || m < 2)
        {
            // From the prover's pool: the coefficients' part is written below and the rest cleared.
            Felt[] padded = BufferPool<Felt>.Shared.Rent(domainSize);
            padded.AsSpan(coefficients.Length).Clear();
            Felt power = Felt.One;
            for (int i = 0; i < coefficients.Length; i++)
            {
                padded[i] = coefficients[i] * power;
                power *= offset;
            }
            Forward(padded);
            return padded;
        }

        // Low-degree extension without zero padding: the size-N coset splits into `blowup` size-m cosets
        // (offset·ω_N^k)·⟨ω_m⟩, and point k + j·blowup of the big one is point j of coset k. Each small
        // transform touches m elements instead of N, so it stays in cache and skips the padded zeros.
        // Every element is written by the interleave below, so it may come from the prover's pool (reused across proofs).
        Felt[] result = BufferPool<Felt>.Shared.Rent(domainSize);
        // The coset buffers are rented: large proofs run this for every column, and fresh multi-megabyte arrays
        // would each be faulted in from the OS as zero pages.
        Felt[][] cosets = new Felt[blowup][];
        // The coefficients are put in bit-reversed order once and scaled by the offset's powers in the same order, so the
        // transforms skip their bit reversal (one permutation instead of one per coset). Coset k's shift is offset·ω_N^k,
        // so its scaled coefficients are coset k − 1's times ω_N^rev(i): one product per point and coset, where a table of
        // the shift's powers and the product with it took two. The field values, and so the results, are the same.
        Felt[] scaled = ArrayPool<Felt>.Shared.Rent(m);
        // Both power tables depend only on the sizes and the offset (every column of a proof shares them).
        (Felt[] offsetPowers, Felt[] table) = CosetPowers.GetOrAdd((m, domainSize, offset.Value), key =>
        {
            var offsetTable = new Felt[key.Small];
            PowerScaling.BitReversedPowers(Felt.FromU64(key.Offset), offsetTable);
            var stepTable = new Felt[key.Small];
            PowerScaling.BitReversedPowers(Felt.RootOfUnity(Log2(key.Large)), stepTable);
            return (offsetTable, stepTable);
        });
        try
        {
            Span<Felt> current = scaled.AsSpan(0, m);
            coefficients.CopyTo(current);
            current[coefficients.Length..].Clear();
            BitReverse(current, Log2(m));
            PowerScaling.MultiplyElementwise(current, offsetPowers, current);
            for (int k = 0; k < blowup; k++)
            {
                Felt[] small = ArrayPool<Felt>.Shared.Rent(m);
                cosets[k] = small;
                if (k == 0)
                {
                    current.CopyTo(small);
                }
                else
                {
                    PowerScaling.MultiplyElementwise(current, table, current, small.AsSpan(0, m));
                }
                Transform(small.AsSpan(0, m), inverse: false, inputBitReversed: true);
            }
            CosetInterleave.Interleave(cosets, m, result);
        }
        finally
        {
            ArrayPool<Felt>.Shared.Return(scaled);
            foreach (Felt[]? small in cosets)
            {
                if (small is not null)
                {
                    ArrayPool<Felt>.Shared.Return(small);
                }
            }
        }
        return result;
    }

    /// <summary>Coefficients of the polynomial whose evaluations on offset·⟨ω⟩ are given (in place).</summary>
    public static void InterpolateCoset(Span<Felt> evaluations, Felt offset)
    {
        Transform(evaluations, inverse: true);
        // Coefficient i is scaled by (1/n)·offset^(−i), in one pass.
        Felt nInv = Felt.FromU64((ulong)evaluations.Length).Inverse();
        PowerScaling.ScaleByPowers(evaluations, evaluations, nInv, offset.Inverse());
    }

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    public static int Log2(int n)
    {
        if (!IsPowerOfTwo(n))
        {
            throw new ArgumentException($"{n} is not a power of two");
        }
        return System.Numerics.BitOperations.Log2((uint)n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Transform(Span<Felt> a, bool inverse, bool inputBitReversed = false)
    {
        int n = a.Length;
        if (n <= 1)
        {
            return;
        }
        int logN = Log2(n);
        Felt[] twiddles = GetTwiddles(logN, inverse);
        if (!inputBitReversed)
        {
            BitReverse(a, logN);
        }

        fixed (Felt* basePtr = a)
        fixed (Felt* twPtr = twiddles)
        {
            nint data = (nint)basePtr;
            nint tw = (nint)twPtr;
            if (n < 4)
            {
                Butterflies<CanonicalStore>((Felt*)data, 1, (Felt*)tw + 1, 0, 1);
                return;
            }
            Felt omega4 = ((Felt*)tw)[3];
            bool plus = Radix4Butterflies.IsPlusTwoTo48(omega4);
            Felt[] cubes = GetCubedTwiddles(logN, inverse, twiddles);
            fixed (Felt* cubesPtr = cubes)
            {
                nint tw3 = (nint)cubesPtr;
                if (n < ParallelThreshold)
                {
                    StagesInBlock<CanonicalStore>((Felt*)data, n, (Felt*)tw, (Felt*)tw3, plus, omega4);
                    return;
                }
                TransformLarge(data, n, logN, tw, tw3, plus, omega4);
            }
        }
    }

    /// <summary>
    /// Every stage of a transform of <paramref name="length"/> points (or the first log2(length) stages of a larger one,
    /// on one block): the first two as <see cref="Radix4Butterflies.FirstTwoStages"/>, then pairs of stages as radix-4 steps, and a last
    /// radix-2 stage when the number of stages left is odd. Passes before the last leave representatives (see
    /// <see cref="ShiftedLanes"/>); the last stores as <typeparamref name="TLast"/> says.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StagesInBlock<TLast>(Felt* s, int length, Felt* tw, Felt* cubes, bool plus, Felt omega4)
        where TLast : struct, ILaneStore
    {
        // Lengths of at least 16 have a pass after this one; below, the first two stages run in scalar field arithmetic
        // and are canonical already.
        Radix4Butterflies.FirstTwoStages(s, length, plus, omega4);
        int half = 4;
        for (; 4 * half <= length; half <<= 2)
        {
            bool last = 4 * half == length;
            for (int start = 0; start < length; start += 4 * half)
            {
                if (last)
                {
                    Radix4Butterflies.Step<TLast>(s + start, half, tw, cubes, 0, half, plus, omega4);
                }
                else
                {
                    Radix4Butterflies.Step<RepresentativeStore>(s + start, half, tw, cubes, 0, half, plus, omega4);
                }
            }
        }
        if (half < length)
        {
            for (int start = 0; start < length; start += 2 * half)
            {
                Butterflies<TLast>(s + start, half, tw + half, 0, half);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TransformLarge(nint data, int n, int logN, nint tw, nint tw3, bool plus, Felt omega4)
    {
        // Large transforms: the first stages work on independent blocks, so each thread takes whole blocks.
        const int block = 1 << 12;
        Parallel.For(0, n / block, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b) =>
        {
            StagesInBlock<RepresentativeStore>((Felt*)data + b * block, block, (Felt*)tw, (Felt*)tw3, plus, omega4);
        });
        // The remaining stages run up to four at a time: stages with halves H..8H only mix the 16 elements
        // base + m·H + j (m < 16), so a job takes a run of j for all 16 rows and does the four stages while
        // they sit in cache. A pass per stage would stream the whole (often larger-than-cache) array each time.
        int logBlock = Log2(block);
        for (int s0 = logBlock; s0 < logN; s0 += HighStagesPerPass)
        {
            int stages = Math.Min(HighStagesPerPass, logN - s0);
            int h0 = 1 << s0;
            int span = h0 << stages;
            int run = Math.Min(h0, HighStageRun);
            int runsPerGroup = h0 / run;
            // The transform's last pass (its last stage or pair of stages) makes the values canonical.
            bool finalPass = s0 + stages == logN;
            Parallel.For(0, (n / span) * runsPerGroup, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (job) =>
            {
                Felt* group = (Felt*)data + (long)(job / runsPerGroup) * span;
                int j0 = job % runsPerGroup * run;
                int st = 0;
                for (; st + 1 < stages; st += 2)
                {
                    int h = h0 << st;
                    int rows = 1 << st;
                    bool canonical = finalPass && st + 2 == stages;
                    // Stages st and st + 1 as one radix-4 step on the rows m with bits st and st + 1 clear:
                    // m = high·2^(st+2) + low, low < 2^st.
                    for (int high = 0; high < 1 << (stages - st - 2); high++)
                    {
                        for (int low = 0; low < rows; low++)
                        {
                            int from = low * h0 + j0;
                            if (canonical)
                            {
                                Radix4Butterflies.Step<CanonicalStore>(group + (long)high * 4 * h, h, (Felt*)tw, (Felt*)tw3, from, from + run, plus, omega4);
                            }
                            else
                            {
                                Radix4Butterflies.Step<RepresentativeStore>(group + (long)high * 4 * h, h, (Felt*)tw, (Felt*)tw3, from, from + run, plus, omega4);
                            }
                        }
                    }
                }
                if (st < stages)
                {
                    int h = h0 << st;
                    // The last stage alone: butterfly rows m with bit st clear, m = low < 2^st (st is the top bit).
                    for (int low = 0; low < 1 << st; low++)
                    {
                        int from = low * h0 + j0;
                        if (finalPass)
                        {
                            Butterflies<CanonicalStore>(group, h, (Felt*)tw + h, from, from + run);
                        }
                        else
                        {
                            Butterflies<RepresentativeStore>(group, h, (Felt*)tw + h, from, from + run);
                        }
                    }
                }
            });
        }
    }

    /// <summary>
    /// Butterflies j in [from, to) of one block of size 2·half; tw points at this stage's twiddles. Inputs may be any
    /// representatives; <typeparamref name="TStore"/> says whether the outputs are made canonical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Butterflies<TStore>(Felt* block, int half, Felt* tw, int from, int to)
        where TStore : struct, ILaneStore
    {
        Felt* lo = block;
        Felt* hi = block + half;
        int j = from;
        if (GoldilocksVector.IsSupported)
        {
            for (; j + 4 <= to; j += 4)
            {
                // t canonical, so both the sum and the difference keep their bounds (see ShiftedLanes).
                Vector256<ulong> t = ShiftedLanes.Canonical(ShiftedLanes.Multiply(Vector256.Load((ulong*)(hi + j)), Vector256.Load((ulong*)(tw + j))));
                Vector256<ulong> l = Vector256.Load((ulong*)(lo + j));
                TStore.FromShifted(ShiftedLanes.Add(t, l), lo + j);
                TStore.FromPlain(ShiftedLanes.SubtractShifted(ShiftedLanes.Flip(l), t), hi + j);
            }
        }
        for (; j < to; j++)
        {
            Felt t = Radix4Butterflies.Read(hi + j) * tw[j];
            Felt u = Radix4Butterflies.Read(lo + j);
            lo[j] = u + t;
            hi[j] = u - t;
        }
    }

    /// <summary>Natural order ↔ bit-reversed order, in place (see <see cref="BitReversal"/>).</summary>
    internal static void BitReverse(Span<Felt> a, int logN) => BitReversal.Permute(a, logN);

    /// <summary>
    /// The radix-4 steps' third twiddles: entries [2h, 3h) hold ω_(4h)^(3j) = ω_(4h)^j·ω_(2h)^j for j &lt; h.
    /// </summary>
    private static Felt[] GetCubedTwiddles(int logN, bool inverse, Felt[] twiddles)
    {
        var cache = inverse ? InverseCubedTwiddles : ForwardCubedTwiddles;
        return cache.GetOrAdd(logN, k =>
        {
            int n = 1 << k;
            Felt[] t = new Felt[n];
            for (int half = 1; 4 * half <= n; half <<= 1)
            {
                for (int j = 0; j < half; j++)
                {
                    t[2 * half + j] = twiddles[2 * half + j] * twiddles[half + j];
                }
            }
            return t;
        });
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
