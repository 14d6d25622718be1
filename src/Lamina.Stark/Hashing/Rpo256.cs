using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
            throw new ArgumentException($"RPO state has {StateWidth} elements", nameof(state));
        }
        if (GoldilocksVector.IsSupported)
        {
            RpoVectorKernel.Permute(MemoryMarshal.Cast<Felt, ulong>(state), 0, Rounds);
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
            RpoVectorKernel.Permute(MemoryMarshal.Cast<Felt, ulong>(state), round, round + 1);
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
    /// accumulated exactly from the 32-bit halves of the inputs and reduced once (the vector path does the
    /// same for all twelve outputs at once).
    /// </summary>
    internal static void ApplyMds(Span<Felt> state)
    {
        if (state.Length != StateWidth)
        {
            throw new ArgumentException($"RPO state has {StateWidth} elements", nameof(state));
        }
        if (GoldilocksVector.IsSupported)
        {
            RpoVectorKernel.Mds(MemoryMarshal.Cast<Felt, ulong>(state));
            return;
        }
        Span<ulong> sumLo = stackalloc ulong[StateWidth];
        Span<ulong> sumHi = stackalloc ulong[StateWidth];
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

    /// <summary>Row-major MDS entries.</summary>
    private static readonly ulong[] MdsFlat = BuildMdsFlat();

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

    /// <summary>
    /// x^(1/7) = x^10540996611094048183 with 65 squarings and 8 multiplications. With r_k = Σ_{i&lt;k} 8^i the
    /// exponent is r_10·2^36 + 6·r_11 + 1, and since r_11 = 8·r_10 + 1 the squarings that give x^(8·r_10)
    /// serve both terms (checked in the tests against the plain power).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt InverseSbox(Felt x)
    {
        Span<Felt> one = [x];
        InverseSbox(one);
        return one[0];
    }

    /// <summary>
    /// The inverse S-box on a whole state, step by step across all elements: the independent chains let
    /// the CPU overlap multiplications instead of waiting on each one. Twelve elements take the vector path.
    /// </summary>
    internal static void InverseSbox(Span<Felt> state)
    {
        if (state.Length == StateWidth && GoldilocksVector.IsSupported)
        {
            RpoVectorKernel.InverseSbox(MemoryMarshal.Cast<Felt, ulong>(state));
            return;
        }
        InverseSboxScalar(state);
    }

    /// <summary>The portable inverse S-box; also the vector path's fallback when its deferred check fails.</summary>
    internal static void InverseSboxScalar(Span<Felt> state)
    {
        int w = state.Length;
        Span<Felt> r2 = stackalloc Felt[w];
        Span<Felt> r4 = stackalloc Felt[w];
        Span<Felt> t = stackalloc Felt[w];
        state.CopyTo(t);
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
            r4[i] = t[i];
        }
        SquareN(t, 12);
        for (int i = 0; i < w; i++)
        {
            t[i] *= r4[i];                           // r_8
        }
        SquareN(t, 6);
        for (int i = 0; i < w; i++)
        {
            t[i] *= r2[i];                           // r_10
        }
        SquareN(t, 3);                               // 8·r_10
        for (int i = 0; i < w; i++)
        {
            Felt r11 = t[i] * state[i];              // r_11
            r2[i] = (r11.Square() * r11).Square() * state[i];   // 6·r_11 + 1, reusing r2's storage
        }
        SquareN(t, 33);                              // 8·r_10·2^33 = r_10·2^36
        for (int i = 0; i < w; i++)
        {
            state[i] = t[i] * r2[i];
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
