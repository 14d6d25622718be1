using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Lamina.Stark.Commitments;

/// <summary>
/// SHA-256 (FIPS 180-4) of eight equal-length messages at once, one message per 32-bit lane of a
/// Vector256. Merkle trees hash millions of short, equal-length inputs; the platform one-shot API spends
/// most of its time in per-call overhead, while eight lockstep compressions keep the vector units busy.
/// Output is bit-identical to <see cref="SHA256"/> (checked by the tests on random inputs).
/// </summary>
internal static class Sha256Batch
{
    public const int Lanes = 8;

    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private static readonly uint[] InitialState =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// <summary>
    /// Hashes message k = tag ‖ data[k·length .. (k+1)·length) for k = 0..7 and writes digest k to
    /// output[32k .. 32k+32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hash8(byte tag, ReadOnlySpan<byte> data, int length, Span<byte> output)
    {
        if (data.Length < Lanes * length || output.Length < Lanes * 32)
        {
            throw new ArgumentException("Hash8 needs eight messages and room for eight digests");
        }
        if (!IsAccelerated)
        {
            byte[] one = new byte[length + 1];
            for (int k = 0; k < Lanes; k++)
            {
                one[0] = tag;
                data.Slice(k * length, length).CopyTo(one.AsSpan(1));
                SHA256.HashData(one, output.Slice(32 * k, 32));
            }
            return;
        }

        // Lay out each lane's padded message (tag ‖ data ‖ 0x80 ‖ zeros ‖ bit length), byte-swap all words at
        // once, then transpose block by block into the eight vector lanes.
        int messageLength = length + 1;
        int blocks = (messageLength + 9 + 63) / 64;
        int padded = blocks * 64;
        byte[]? rented = null;
        Span<byte> messages = Lanes * padded <= 4096
            ? stackalloc byte[Lanes * padded]
            : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(Lanes * padded)).AsSpan(0, Lanes * padded);
        messages.Clear();
        for (int k = 0; k < Lanes; k++)
        {
            Span<byte> lane = messages.Slice(k * padded, padded);
            lane[0] = tag;
            data.Slice(k * length, length).CopyTo(lane[1..]);
            lane[messageLength] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(lane[(padded - 8)..], (ulong)messageLength * 8);
        }
        Span<uint> words = MemoryMarshal.Cast<byte, uint>(messages);
        BinaryPrimitives.ReverseEndianness(words, words);
        int laneWords = padded / 4;

        Span<Vector256<uint>> state = stackalloc Vector256<uint>[8];
        for (int i = 0; i < 8; i++)
        {
            state[i] = Vector256.Create(InitialState[i]);
        }
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[16];
        for (int b = 0; b < blocks; b++)
        {
            int o = b * 16;
            for (int i = 0; i < 16; i++)
            {
                int at = o + i;
                w[i] = Vector256.Create(
                    words[at], words[laneWords + at], words[2 * laneWords + at], words[3 * laneWords + at],
                    words[4 * laneWords + at], words[5 * laneWords + at], words[6 * laneWords + at], words[7 * laneWords + at]);
            }
            Compress(state, w);
        }
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
        Span<uint> lanes = stackalloc uint[Lanes];
        for (int i = 0; i < 8; i++)
        {
            state[i].CopyTo(lanes);
            for (int k = 0; k < Lanes; k++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(output[(32 * k + 4 * i)..], lanes[k]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotr(Vector256<uint> x, int n) =>
        Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Span<Vector256<uint>> state, Span<Vector256<uint>> w)
    {
        Vector256<uint> a = state[0], b = state[1], c = state[2], d = state[3];
        Vector256<uint> e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++)
        {
            Vector256<uint> wt;
            if (t < 16)
            {
                wt = w[t];
            }
            else
            {
                Vector256<uint> w15 = w[(t - 15) & 15];
                Vector256<uint> w2 = w[(t - 2) & 15];
                Vector256<uint> s0 = Rotr(w15, 7) ^ Rotr(w15, 18) ^ Vector256.ShiftRightLogical(w15, 3);
                Vector256<uint> s1 = Rotr(w2, 17) ^ Rotr(w2, 19) ^ Vector256.ShiftRightLogical(w2, 10);
                wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
                w[t & 15] = wt;
            }
            Vector256<uint> bigS1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
            Vector256<uint> ch = (e & f) ^ Vector256.AndNot(g, e);
            Vector256<uint> t1 = h + bigS1 + ch + Vector256.Create(K[t]) + wt;
            Vector256<uint> bigS0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
            Vector256<uint> maj = (a & b) ^ (a & c) ^ (b & c);
            Vector256<uint> t2 = bigS0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
