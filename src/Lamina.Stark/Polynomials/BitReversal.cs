using System.Runtime.CompilerServices;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>The bit-reversal permutation the radix-2 <see cref="Ntt"/> needs between natural and butterfly order.</summary>
internal static class BitReversal
{
    /// <summary>
    /// Bit reversal swaps tiles of 2^TileBits × 2^TileBits elements so every read and write
    /// touches whole cache lines; an element-by-element swap of a large array misses the cache (and TLB) each time.
    /// </summary>
    private const int TileBits = 5;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Permute(Span<Felt> a, int logN)
    {
        const int t = TileBits;
        if (logN < 2 * t + 4)
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
            return;
        }

        // Index = (hi: t bits, mid, lo: t bits); its reverse is (rev lo, rev mid, rev hi). For each pair of
        // middles (b, rev b) the two 2^t × 2^t tiles are read row by row (rows are contiguous runs of lo) and
        // written back transposed into each other's place, again row by row.
        int midBits = logN - 2 * t;
        int tile = 1 << t;
        int hiShift = logN - t;
        fixed (Felt* basePtr = a)
        {
            nint data = (nint)basePtr;
            Parallel.For(0, 1 << midBits, () => new Felt[2 * tile * tile], (b, _, buffer) =>
            {
                int rb = (int)(ReverseBits((uint)b) >> (32 - midBits));
                if (rb < b)
                {
                    return buffer;
                }
                Felt* x = (Felt*)data;
                fixed (Felt* buf = buffer)
                {
                    Felt* first = buf;
                    Felt* second = buf + tile * tile;
                    for (int hi = 0; hi < tile; hi++)
                    {
                        new ReadOnlySpan<Felt>(x + ((long)hi << hiShift) + ((long)b << t), tile)
                            .CopyTo(new Span<Felt>(first + hi * tile, tile));
                        if (rb != b)
                        {
                            new ReadOnlySpan<Felt>(x + ((long)hi << hiShift) + ((long)rb << t), tile)
                                .CopyTo(new Span<Felt>(second + hi * tile, tile));
                        }
                    }
                    int tileShift = 32 - t;
                    for (int row = 0; row < tile; row++)
                    {
                        // Destination row `row` = rev(lo) of the source, column = rev(hi) of the source.
                        int lo = (int)(ReverseBits((uint)row) >> tileShift);
                        Felt* toRb = x + ((long)row << hiShift) + ((long)rb << t);
                        Felt* toB = x + ((long)row << hiShift) + ((long)b << t);
                        for (int col = 0; col < tile; col++)
                        {
                            int hi = (int)(ReverseBits((uint)col) >> tileShift);
                            toRb[col] = first[hi * tile + lo];
                            if (rb != b)
                            {
                                toB[col] = second[hi * tile + lo];
                            }
                        }
                    }
                }
                return buffer;
            }, _ => { });
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
}
