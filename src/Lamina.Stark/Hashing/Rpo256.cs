using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lamina.Stark.Field;

namespace Lamina.Stark.Hashing;

/// <summary>
/// Rescue Prime Optimized (RPO-256) over Goldilocks, bit-compatible with Miden's Rpo256: width 12, rate 8
/// (elements 4..11), capacity 4 (elements 0..3), 7 rounds, α = 7. The digest is state[4..8].
/// Each round: MDS, +ARK1, x^7, MDS, +ARK2, x^(1/7).
/// </summary>
public static class Rpo256
{
    public const int StateWidth = RpoConstants.StateWidth;
    public const int Rounds = RpoConstants.Rounds;
    public const int RateStart = 4;
    public const int Rate = RpoConstants.Rate;
    public const int DigestStart = 4;

    /// <summary>Bytes per element when hashing bytes: 7 always fit below p.</summary>
    private const int BinaryChunkSize = 7;

    internal static readonly Felt[][] Ark1 = ToFelts(RpoConstants.Ark1);
    internal static readonly Felt[][] Ark2 = ToFelts(RpoConstants.Ark2);

    /// <summary>Full MDS matrix, Mds[i][j] = first[(j − i) mod 12].</summary>
    internal static readonly ulong[][] Mds = BuildMds();

    /// <summary>Applies the 7-round permutation in place.</summary>
    public static void Permute(Span<Felt> state)
    {
        if (state.Length != StateWidth)
        {
            throw new ArgumentException($"RPO state has {StateWidth} elements.", nameof(state));
        }
        if (GoldilocksVector.IsSupported)
        {
            PermuteVector(state, 0, Rounds);
            return;
        }
        PermuteScalar(state);
    }

    /// <summary>The portable path, also used by the tests to cross-check the vector path.</summary>
    internal static void PermuteScalar(Span<Felt> state)
    {
        for (int round = 0; round < Rounds; round++)
        {
            ApplyRoundScalar(state, round);
        }
    }

    /// <summary>One full round; exposed so AIRs and tests can check the trace row by row.</summary>
    public static void ApplyRound(Span<Felt> state, int round)
    {
        if (state.Length == StateWidth && GoldilocksVector.IsSupported)
        {
            PermuteVector(state, round, round + 1);
            return;
        }
        ApplyRoundScalar(state, round);
    }

    private static void ApplyRoundScalar(Span<Felt> state, int round)
    {
        ApplyMds(state);
        Felt[] ark1 = Ark1[round];
        for (int i = 0; i < StateWidth; i++)
        {
            state[i] = (state[i] + ark1[i]).Pow7();
        }
        ApplyMds(state);
        Felt[] ark2 = Ark2[round];
        for (int i = 0; i < StateWidth; i++)
        {
            state[i] += ark2[i];
        }
        InverseSbox(state);
    }

    /// <summary>2-to-1 compression of two digests (capacity zero), as used for Merkle trees.</summary>
    public static RpoDigest Merge(in RpoDigest left, in RpoDigest right)
    {
        Span<Felt> state = stackalloc Felt[StateWidth];
        left.CopyTo(state.Slice(4, 4));
        right.CopyTo(state.Slice(8, 4));
        Permute(state);
        return new RpoDigest(state.Slice(DigestStart, 4));
    }

    /// <summary>Merge with a domain tag in the second capacity element (Miden's merge_in_domain).</summary>
    public static RpoDigest MergeInDomain(in RpoDigest left, in RpoDigest right, Felt domain)
    {
        Span<Felt> state = stackalloc Felt[StateWidth];
        left.CopyTo(state.Slice(4, 4));
        right.CopyTo(state.Slice(8, 4));
        state[1] = domain;
        Permute(state);
        return new RpoDigest(state.Slice(DigestStart, 4));
    }

    /// <summary>
    /// Sponge hash of field elements. Capacity[0] = length mod 8 (domain separation of lengths); the last
    /// block is zero-padded; empty input hashes to the zero digest (Miden's convention).
    /// </summary>
    public static RpoDigest HashElements(ReadOnlySpan<Felt> elements)
    {
        Span<Felt> state = stackalloc Felt[StateWidth];
        state[0] = Felt.FromU64((ulong)(elements.Length % Rate));
        int i = 0;
        foreach (Felt e in elements)
        {
            state[RateStart + i] = e;
            i++;
            if (i == Rate)
            {
                Permute(state);
                i = 0;
            }
        }
        if (i > 0)
        {
            state.Slice(RateStart + i, Rate - i).Clear();
            Permute(state);
        }
        return new RpoDigest(state.Slice(DigestStart, 4));
    }

    /// <summary>
    /// Sponge hash of bytes, Miden's rule: 7-byte little-endian chunks, the last chunk padded with 0x01 then
    /// zeros, capacity[0] = 8 + (chunks mod 8) to separate byte hashing from element hashing.
    /// </summary>
    public static RpoDigest Hash(ReadOnlySpan<byte> bytes)
    {
        Span<Felt> state = stackalloc Felt[StateWidth];
        int chunks = (bytes.Length + BinaryChunkSize - 1) / BinaryChunkSize;
        state[0] = Felt.FromU64((ulong)(Rate + chunks % Rate));
        Span<byte> buf = stackalloc byte[8];
        int ratePos = 0;
        for (int c = 0; c < chunks; c++)
        {
            int start = c * BinaryChunkSize;
            int len = Math.Min(BinaryChunkSize, bytes.Length - start);
            buf.Clear();
            bytes.Slice(start, len).CopyTo(buf);
            if (c == chunks - 1)
            {
                buf[len] = 1;
            }
            state[RateStart + ratePos] = Felt.FromU64(BinaryPrimitives.ReadUInt64LittleEndian(buf));
            if (ratePos == Rate - 1)
            {
                Permute(state);
                ratePos = 0;
            }
            else
            {
                ratePos++;
            }
        }
        if (ratePos != 0)
        {
            state.Slice(RateStart + ratePos, Rate - ratePos).Clear();
            Permute(state);
        }
        return new RpoDigest(state.Slice(DigestStart, 4));
    }

    /// <summary>
    /// Multiplies the state by the circulant MDS matrix. The entries are below 32, so each output is
    /// accumulated exactly from the 32-bit halves of the inputs and reduced once. With AVX2 all twelve
    /// outputs accumulate at once in three 4-lane vectors (32×32→64-bit multiplies are exact here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ApplyMds(Span<Felt> state)
    {
        if (state.Length != StateWidth)
        {
            throw new ArgumentException($"RPO state has {StateWidth} elements.", nameof(state));
        }
        Span<ulong> sumLo = stackalloc ulong[StateWidth];
        Span<ulong> sumHi = stackalloc ulong[StateWidth];
        if (GoldilocksVector.IsSupported)
        {
            AccumulateVector(state, sumLo, sumHi);
        }
        else
        {
            for (int i = 0; i < StateWidth; i++)
            {
                ulong lo = 0;
                ulong hi = 0;
                int rowStart = i * StateWidth;
                for (int j = 0; j < StateWidth; j++)
                {
                    ulong m = MdsFlat[rowStart + j];
                    lo += m * (state[j].Value & 0xFFFF_FFFFUL);
                    hi += m * (state[j].Value >> 32);
                }
                sumLo[i] = lo;
                sumHi[i] = hi;
            }
        }
        for (int i = 0; i < StateWidth; i++)
        {
            unchecked
            {
                // value = sumLo + sumHi·2^32 < 2^74: split into a 96-bit (hi, lo) pair.
                ulong low = sumLo[i] + (sumHi[i] << 32);
                ulong carry = low < sumLo[i] ? 1UL : 0UL;
                ulong high = (sumHi[i] >> 32) + carry;
                state[i] = Felt.FromU64(Felt.Reduce96(high, low));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateVector(ReadOnlySpan<Felt> state, Span<ulong> sumLo, Span<ulong> sumHi)
    {
        Vector256<ulong> lo0 = Vector256<ulong>.Zero, lo1 = lo0, lo2 = lo0;
        Vector256<ulong> hi0 = lo0, hi1 = lo0, hi2 = lo0;
        Vector256<ulong>[] columns = MdsColumns;
        for (int j = 0; j < StateWidth; j++)
        {
            // Each 64-bit lane holds a value below 2^32, so vpmuludq on the low halves is the exact product.
            Vector256<uint> l = Vector256.Create(state[j].Value & 0xFFFF_FFFFUL).AsUInt32();
            Vector256<uint> h = Vector256.Create(state[j].Value >> 32).AsUInt32();
            Vector256<uint> c0 = columns[3 * j].AsUInt32();
            Vector256<uint> c1 = columns[3 * j + 1].AsUInt32();
            Vector256<uint> c2 = columns[3 * j + 2].AsUInt32();
            lo0 += Avx2.Multiply(l, c0);
            lo1 += Avx2.Multiply(l, c1);
            lo2 += Avx2.Multiply(l, c2);
            hi0 += Avx2.Multiply(h, c0);
            hi1 += Avx2.Multiply(h, c1);
            hi2 += Avx2.Multiply(h, c2);
        }
        lo0.CopyTo(sumLo);
        lo1.CopyTo(sumLo[4..]);
        lo2.CopyTo(sumLo[8..]);
        hi0.CopyTo(sumHi);
        hi1.CopyTo(sumHi[4..]);
        hi2.CopyTo(sumHi[8..]);
    }

    /// <summary>Row-major MDS entries.</summary>
    private static readonly ulong[] MdsFlat = BuildMdsFlat();

    /// <summary>Column j of the MDS matrix as three 4-lane vectors (rows 0–3, 4–7, 8–11).</summary>
    private static readonly Vector256<ulong>[] MdsColumns = BuildMdsColumns();

    private static ulong[] BuildMdsFlat()
    {
        ulong[] flat = new ulong[StateWidth * StateWidth];
        for (int i = 0; i < StateWidth; i++)
        {
            for (int j = 0; j < StateWidth; j++)
            {
                flat[i * StateWidth + j] = RpoConstants.MdsFirstRow[(j - i + StateWidth) % StateWidth];
            }
        }
        return flat;
    }

    private static Vector256<ulong>[] BuildMdsColumns()
    {
        var columns = new Vector256<ulong>[3 * StateWidth];
        for (int j = 0; j < StateWidth; j++)
        {
            for (int part = 0; part < 3; part++)
            {
                int r = 4 * part;
                columns[3 * j + part] = Vector256.Create(
                    Mds[r][j], Mds[r + 1][j], Mds[r + 2][j], Mds[r + 3][j]);
            }
        }
        return columns;
    }

    /// <summary>
    /// x^(1/7) = x^10540996611094048183 with 68 squarings and 8 multiplications. With r_k = Σ_{i&lt;k} 8^i the
    /// exponent is r_10·2^36 + 6·r_11 + 1 (checked in the tests against the plain power).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt InverseSbox(Felt x)
    {
        Span<Felt> one = [x];
        InverseSbox(one);
        return one[0];
    }

    /// <summary>
    /// The inverse S-box on a whole state, step by step across all elements: the 12 chains are independent,
    /// so interleaving them lets the CPU overlap multiplications instead of waiting on each one.
    /// </summary>
    internal static void InverseSbox(Span<Felt> state)
    {
        if (state.Length == StateWidth && GoldilocksVector.IsSupported)
        {
            InverseSboxVector(state);
            return;
        }
        int w = state.Length;
        Span<Felt> r2 = stackalloc Felt[w];
        Span<Felt> r10 = stackalloc Felt[w];
        Span<Felt> t = stackalloc Felt[w];
        for (int i = 0; i < w; i++)
        {
            t[i] = state[i];
        }
        SquareN(t, 3);
        for (int i = 0; i < w; i++)
        {
            r2[i] = t[i] * state[i];                 // r_2 = 9
            t[i] = r2[i];
        }
        SquareN(t, 6);
        for (int i = 0; i < w; i++)
        {
            t[i] *= r2[i];                           // r_4
            r10[i] = t[i];
        }
        SquareN(t, 12);
        for (int i = 0; i < w; i++)
        {
            t[i] *= r10[i];                          // r_8
        }
        SquareN(t, 6);
        for (int i = 0; i < w; i++)
        {
            r10[i] = t[i] * r2[i];                   // r_10
            t[i] = r10[i];
        }
        SquareN(t, 3);
        for (int i = 0; i < w; i++)
        {
            Felt r11 = t[i] * state[i];              // r_11
            r2[i] = (r11.Square() * r11).Square();   // x^(6·r_11), reusing r2's storage
            t[i] = r10[i];
        }
        SquareN(t, 36);
        for (int i = 0; i < w; i++)
        {
            state[i] = t[i] * r2[i] * state[i];
        }
    }

    /// <summary>
    /// Rounds [fromRound, toRound) with the whole state in three 4-lane AVX2 vectors. Values stay as
    /// non-canonical 64-bit representatives between steps and are canonicalized once at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PermuteVector(Span<Felt> state, int fromRound, int toRound)
    {
        Span<ulong> raw = MemoryMarshal.Cast<Felt, ulong>(state);
        Vector256<ulong> v0 = Vector256.Create((ReadOnlySpan<ulong>)raw[..4]);
        Vector256<ulong> v1 = Vector256.Create((ReadOnlySpan<ulong>)raw[4..8]);
        Vector256<ulong> v2 = Vector256.Create((ReadOnlySpan<ulong>)raw[8..12]);
        for (int round = fromRound; round < toRound; round++)
        {
            MdsVector(ref v0, ref v1, ref v2);
            Vector256<ulong>[] ark1 = Ark1Vectors[round];
            v0 = GoldilocksVector.Pow7(GoldilocksVector.AddCanonical(v0, ark1[0]));
            v1 = GoldilocksVector.Pow7(GoldilocksVector.AddCanonical(v1, ark1[1]));
            v2 = GoldilocksVector.Pow7(GoldilocksVector.AddCanonical(v2, ark1[2]));
            MdsVector(ref v0, ref v1, ref v2);
            Vector256<ulong>[] ark2 = Ark2Vectors[round];
            v0 = GoldilocksVector.AddCanonical(v0, ark2[0]);
            v1 = GoldilocksVector.AddCanonical(v1, ark2[1]);
            v2 = GoldilocksVector.AddCanonical(v2, ark2[2]);
            InverseSboxVector(ref v0, ref v1, ref v2);
        }
        GoldilocksVector.Canonicalize(v0).CopyTo(raw);
        GoldilocksVector.Canonicalize(v1).CopyTo(raw[4..]);
        GoldilocksVector.Canonicalize(v2).CopyTo(raw[8..]);
    }

    /// <summary>
    /// The RPO round constraint of <c>RpoPermutationConstraints</c> over the base field, vectorized:
    /// result = next^7 − (MDS((MDS(current) + ark1)^7) + ark2). All inputs canonical; output canonical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void EvaluateRoundConstraint(
        ReadOnlySpan<Felt> current, ReadOnlySpan<Felt> next, ReadOnlySpan<Felt> ark1, ReadOnlySpan<Felt> ark2, Span<Felt> result)
    {
        ReadOnlySpan<ulong> cur = MemoryMarshal.Cast<Felt, ulong>(current);
        ReadOnlySpan<ulong> nxt = MemoryMarshal.Cast<Felt, ulong>(next);
        ReadOnlySpan<ulong> k1 = MemoryMarshal.Cast<Felt, ulong>(ark1);
        ReadOnlySpan<ulong> k2 = MemoryMarshal.Cast<Felt, ulong>(ark2);
        Vector256<ulong> v0 = Vector256.Create(cur[..4]);
        Vector256<ulong> v1 = Vector256.Create(cur[4..8]);
        Vector256<ulong> v2 = Vector256.Create(cur[8..12]);
        MdsVector(ref v0, ref v1, ref v2);
        v0 = GoldilocksVector.Pow7(GoldilocksVector.AddCanonical(v0, Vector256.Create(k1[..4])));
        v1 = GoldilocksVector.Pow7(GoldilocksVector.AddCanonical(v1, Vector256.Create(k1[4..8])));
        v2 = GoldilocksVector.Pow7(GoldilocksVector.AddCanonical(v2, Vector256.Create(k1[8..12])));
        MdsVector(ref v0, ref v1, ref v2);
        v0 = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(v0, Vector256.Create(k2[..4])));
        v1 = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(v1, Vector256.Create(k2[4..8])));
        v2 = GoldilocksVector.Canonicalize(GoldilocksVector.AddCanonical(v2, Vector256.Create(k2[8..12])));
        Vector256<ulong> n0 = GoldilocksVector.Canonicalize(GoldilocksVector.Pow7(Vector256.Create(nxt[..4])));
        Vector256<ulong> n1 = GoldilocksVector.Canonicalize(GoldilocksVector.Pow7(Vector256.Create(nxt[4..8])));
        Vector256<ulong> n2 = GoldilocksVector.Canonicalize(GoldilocksVector.Pow7(Vector256.Create(nxt[8..12])));
        Span<ulong> output = MemoryMarshal.Cast<Felt, ulong>(result);
        GoldilocksVector.SubtractCanonical(n0, v0).CopyTo(output);
        GoldilocksVector.SubtractCanonical(n1, v1).CopyTo(output[4..]);
        GoldilocksVector.SubtractCanonical(n2, v2).CopyTo(output[8..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MdsVector(ref Vector256<ulong> v0, ref Vector256<ulong> v1, ref Vector256<ulong> v2)
    {
        Span<ulong> s = stackalloc ulong[StateWidth];
        v0.CopyTo(s);
        v1.CopyTo(s[4..]);
        v2.CopyTo(s[8..]);
        Vector256<ulong> lo0 = Vector256<ulong>.Zero, lo1 = lo0, lo2 = lo0;
        Vector256<ulong> hi0 = lo0, hi1 = lo0, hi2 = lo0;
        Vector256<ulong>[] columns = MdsColumns;
        for (int j = 0; j < StateWidth; j++)
        {
            Vector256<uint> l = Vector256.Create(s[j] & 0xFFFF_FFFFUL).AsUInt32();
            Vector256<uint> h = Vector256.Create(s[j] >> 32).AsUInt32();
            Vector256<uint> c0 = columns[3 * j].AsUInt32();
            Vector256<uint> c1 = columns[3 * j + 1].AsUInt32();
            Vector256<uint> c2 = columns[3 * j + 2].AsUInt32();
            lo0 += Avx2.Multiply(l, c0);
            lo1 += Avx2.Multiply(l, c1);
            lo2 += Avx2.Multiply(l, c2);
            hi0 += Avx2.Multiply(h, c0);
            hi1 += Avx2.Multiply(h, c1);
            hi2 += Avx2.Multiply(h, c2);
        }
        v0 = GoldilocksVector.ReduceSplitSum(lo0, hi0);
        v1 = GoldilocksVector.ReduceSplitSum(lo1, hi1);
        v2 = GoldilocksVector.ReduceSplitSum(lo2, hi2);
    }

    private static readonly Vector256<ulong>[][] Ark1Vectors = ToVectors(Ark1);
    private static readonly Vector256<ulong>[][] Ark2Vectors = ToVectors(Ark2);

    private static Vector256<ulong>[][] ToVectors(Felt[][] rounds)
    {
        var result = new Vector256<ulong>[rounds.Length][];
        for (int r = 0; r < rounds.Length; r++)
        {
            result[r] = new Vector256<ulong>[3];
            for (int part = 0; part < 3; part++)
            {
                result[r][part] = Vector256.Create(
                    rounds[r][4 * part].Value, rounds[r][4 * part + 1].Value, rounds[r][4 * part + 2].Value, rounds[r][4 * part + 3].Value);
            }
        }
        return result;
    }

    /// <summary>The same addition chain on three 4-lane vectors (AVX2), i.e. all 12 elements at once.</summary>
    private static void InverseSboxVector(Span<Felt> state)
    {
        Span<ulong> raw = MemoryMarshal.Cast<Felt, ulong>(state);
        Vector256<ulong> v0 = Vector256.Create((ReadOnlySpan<ulong>)raw[..4]);
        Vector256<ulong> v1 = Vector256.Create((ReadOnlySpan<ulong>)raw[4..8]);
        Vector256<ulong> v2 = Vector256.Create((ReadOnlySpan<ulong>)raw[8..12]);
        InverseSboxVector(ref v0, ref v1, ref v2);
        GoldilocksVector.Canonicalize(v0).CopyTo(raw);
        GoldilocksVector.Canonicalize(v1).CopyTo(raw[4..]);
        GoldilocksVector.Canonicalize(v2).CopyTo(raw[8..]);
    }

    private static void InverseSboxVector(ref Vector256<ulong> x0, ref Vector256<ulong> x1, ref Vector256<ulong> x2)
    {
        Vector256<ulong> t0 = x0, t1 = x1, t2 = x2;
        SquareN(ref t0, ref t1, ref t2, 3);
        Mul(ref t0, ref t1, ref t2, x0, x1, x2);                          // r_2 = 9
        Vector256<ulong> r20 = t0, r21 = t1, r22 = t2;
        SquareN(ref t0, ref t1, ref t2, 6);
        Mul(ref t0, ref t1, ref t2, r20, r21, r22);                       // r_4
        Vector256<ulong> r40 = t0, r41 = t1, r42 = t2;
        SquareN(ref t0, ref t1, ref t2, 12);
        Mul(ref t0, ref t1, ref t2, r40, r41, r42);                       // r_8
        SquareN(ref t0, ref t1, ref t2, 6);
        Mul(ref t0, ref t1, ref t2, r20, r21, r22);                       // r_10
        Vector256<ulong> r100 = t0, r101 = t1, r102 = t2;
        SquareN(ref t0, ref t1, ref t2, 3);
        Mul(ref t0, ref t1, ref t2, x0, x1, x2);                          // r_11
        Vector256<ulong> s0 = t0, s1 = t1, s2 = t2;
        SquareN(ref s0, ref s1, ref s2, 1);
        Mul(ref s0, ref s1, ref s2, t0, t1, t2);                          // 3·r_11
        SquareN(ref s0, ref s1, ref s2, 1);                               // 6·r_11
        t0 = r100;
        t1 = r101;
        t2 = r102;
        SquareN(ref t0, ref t1, ref t2, 36);                              // r_10·2^36
        Mul(ref t0, ref t1, ref t2, s0, s1, s2);
        Mul(ref t0, ref t1, ref t2, x0, x1, x2);
        x0 = t0;
        x1 = t1;
        x2 = t2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mul(ref Vector256<ulong> a0, ref Vector256<ulong> a1, ref Vector256<ulong> a2,
        Vector256<ulong> b0, Vector256<ulong> b1, Vector256<ulong> b2)
    {
        a0 = GoldilocksVector.Multiply(a0, b0);
        a1 = GoldilocksVector.Multiply(a1, b1);
        a2 = GoldilocksVector.Multiply(a2, b2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareN(ref Vector256<ulong> a0, ref Vector256<ulong> a1, ref Vector256<ulong> a2, int n)
    {
        for (int k = 0; k < n; k++)
        {
            a0 = GoldilocksVector.Square(a0);
            a1 = GoldilocksVector.Square(a1);
            a2 = GoldilocksVector.Square(a2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareN(Span<Felt> x, int n)
    {
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] *= x[i];
            }
        }
    }

    private static Felt[][] ToFelts(ulong[][] rows)
    {
        Felt[][] result = new Felt[rows.Length][];
        for (int r = 0; r < rows.Length; r++)
        {
            result[r] = new Felt[rows[r].Length];
            for (int i = 0; i < rows[r].Length; i++)
            {
                result[r][i] = Felt.FromU64(rows[r][i]);
            }
        }
        return result;
    }

    private static ulong[][] BuildMds()
    {
        ulong[][] m = new ulong[StateWidth][];
        for (int i = 0; i < StateWidth; i++)
        {
            m[i] = new ulong[StateWidth];
            for (int j = 0; j < StateWidth; j++)
            {
                m[i][j] = RpoConstants.MdsFirstRow[(j - i + StateWidth) % StateWidth];
            }
        }
        return m;
    }
}
