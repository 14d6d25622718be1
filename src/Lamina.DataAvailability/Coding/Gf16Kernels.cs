using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// GF(2^16) kernels. Shards are blocks of 128 bytes holding 64 elements: the 64 low bytes, then the 64 high bytes
/// (the split layout lets a vector lane hold one byte of 64 or 32 elements). The vector paths cut each element into
/// four 4-bit pieces and sum eight vpshufb lookups (low and high product byte per piece); the scalar path uses
/// logarithm tables on the same layout.
/// </summary>
internal sealed class Gf16Kernels : GfKernels
{
    public const int BlockSize = 128;
    private const int HalfBlock = 64;

    /// <summary>For each multiplier log: 8 tables of 16 bytes, [piece 0..3][low, high product byte].</summary>
    private static readonly Lazy<byte[]> NibbleTables = new(BuildNibbleTables);

    /// <summary>For each multiplier log: the four 8×8 bit matrices [lo→lo, hi→lo, lo→hi, hi→hi] in vgf2p8affineqb's layout.</summary>
    private static readonly Lazy<ulong[]> AffineTables = new(BuildAffineTables);

    private readonly byte[]? _nibbles;
    private readonly ulong[]? _affine;

    public Gf16Kernels(LeopardField field, GfIsa isa) : base(field, isa)
    {
        if (isa == GfIsa.Gfni) _affine = AffineTables.Value;
        else if (isa != GfIsa.Scalar) _nibbles = NibbleTables.Value;
    }

    /// <summary>
    /// Multiplying a 16-bit element by a constant is a 16×16 bit matrix; split into four 8×8 blocks, the product's
    /// low byte is A(lo→lo)·lo ⊕ A(hi→lo)·hi and its high byte A(lo→hi)·lo ⊕ A(hi→hi)·hi: four affine instructions.
    /// </summary>
    private static ulong[] BuildAffineTables()
    {
        var field = LeopardField.Gf16;
        var tables = new ulong[field.Order * 4];
        Span<int> columns = stackalloc int[16];
        for (var log = 0; log < field.Order; log++)
        {
            for (var j = 0; j < 16; j++) columns[j] = field.MultiplyLog(1 << j, log);
            for (var block = 0; block < 4; block++)
            {
                var inputShift = (block & 1) * 8; // hi input bits for blocks 1 and 3
                var outputShift = (block >> 1) * 8; // hi output bits for blocks 2 and 3
                ulong matrix = 0;
                for (var i = 0; i < 8; i++)
                {
                    var row = 0;
                    for (var j = 0; j < 8; j++) row |= ((columns[j + inputShift] >> (i + outputShift)) & 1) << j;
                    matrix |= (ulong)row << (8 * (7 - i));
                }
                tables[(log * 4) + block] = matrix;
            }
        }
        return tables;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<byte> Lo, Vector512<byte> Hi) ProductAffine(Vector512<byte> lo, Vector512<byte> hi, Vector512<byte> loLo, Vector512<byte> hiLo, Vector512<byte> loHi, Vector512<byte> hiHi) =>
        (Gfni.V512.GaloisFieldAffineTransform(lo, loLo, 0) ^ Gfni.V512.GaloisFieldAffineTransform(hi, hiLo, 0),
         Gfni.V512.GaloisFieldAffineTransform(lo, loHi, 0) ^ Gfni.V512.GaloisFieldAffineTransform(hi, hiHi, 0));

    private (Vector512<byte>, Vector512<byte>, Vector512<byte>, Vector512<byte>) Matrices(int logM)
    {
        var at = logM * 4;
        return (Vector512.Create(_affine![at]).AsByte(), Vector512.Create(_affine[at + 1]).AsByte(), Vector512.Create(_affine[at + 2]).AsByte(), Vector512.Create(_affine[at + 3]).AsByte());
    }

    private static byte[] BuildNibbleTables()
    {
        var field = LeopardField.Gf16;
        var tables = new byte[field.Order * 128];
        for (var log = 0; log < field.Order; log++)
        {
            var baseOffset = log * 128;
            for (var piece = 0; piece < 4; piece++)
            {
                for (var n = 0; n < 16; n++)
                {
                    var product = field.MultiplyLog(n << (4 * piece), log);
                    tables[baseOffset + (piece * 32) + n] = unchecked((byte)product); // the low byte of a 16-bit element
                    tables[baseOffset + (piece * 32) + 16 + n] = (byte)(product >> 8);
                }
            }
        }
        return tables;
    }

    public override void FftButterfly(Span<byte> x, Span<byte> y, int logM)
    {
        if (logM == Field.Modulus)
        {
            Xor(y, x);
            return;
        }
        MulAdd(x, y, logM, thenXorIntoY: true);
    }

    public override void IfftButterfly(Span<byte> x, Span<byte> y, int logM)
    {
        Xor(y, x);
        if (logM != Field.Modulus) MulAdd(x, y, logM, thenXorIntoY: false);
    }

    public override void Multiply(Span<byte> destination, ReadOnlySpan<byte> source, int logM)
    {
        if (Isa == GfIsa.Scalar)
        {
            for (var block = 0; block < destination.Length; block += BlockSize)
            {
                for (var i = block; i < block + HalfBlock; i++)
                {
                    var product = Field.MultiplyLog(source[i] | (source[i + HalfBlock] << 8), logM);
                    destination[i] = unchecked((byte)product); // split the 16-bit element into its two bytes
                    destination[i + HalfBlock] = (byte)(product >> 8);
                }
            }
            return;
        }
        ref var d = ref MemoryMarshal.GetReference(destination);
        ref var s = ref MemoryMarshal.GetReference(source);
        var length = (nuint)destination.Length;
        if (Isa == GfIsa.Gfni)
        {
            var (ll, hl, lh, hh) = Matrices(logM);
            for (nuint i = 0; i < length; i += BlockSize)
            {
                var (lo, hi) = ProductAffine(Vector512.LoadUnsafe(ref s, i), Vector512.LoadUnsafe(ref s, i + HalfBlock), ll, hl, lh, hh);
                lo.StoreUnsafe(ref d, i);
                hi.StoreUnsafe(ref d, i + HalfBlock);
            }
        }
        else if (Wide)
        {
            var t = Tables512(logM);
            for (nuint i = 0; i < length; i += BlockSize)
            {
                var (lo, hi) = Product512(Vector512.LoadUnsafe(ref s, i), Vector512.LoadUnsafe(ref s, i + HalfBlock), t);
                lo.StoreUnsafe(ref d, i);
                hi.StoreUnsafe(ref d, i + HalfBlock);
            }
        }
        else
        {
            var t = Tables256(logM);
            for (nuint block = 0; block < length; block += BlockSize)
            {
                for (nuint i = block; i < block + HalfBlock; i += 32)
                {
                    var (lo, hi) = Product256(Vector256.LoadUnsafe(ref s, i), Vector256.LoadUnsafe(ref s, i + HalfBlock), t);
                    lo.StoreUnsafe(ref d, i);
                    hi.StoreUnsafe(ref d, i + HalfBlock);
                }
            }
        }
    }

    private void MulAdd(Span<byte> x, Span<byte> y, int logM, bool thenXorIntoY)
    {
        if (Isa == GfIsa.Scalar)
        {
            for (var block = 0; block < x.Length; block += BlockSize)
            {
                for (var i = block; i < block + HalfBlock; i++)
                {
                    var product = Field.MultiplyLog(y[i] | (y[i + HalfBlock] << 8), logM);
                    var lo = unchecked((byte)(x[i] ^ product)); // keep the low byte of the 16-bit sum
                    var hi = (byte)(x[i + HalfBlock] ^ (product >> 8));
                    x[i] = lo;
                    x[i + HalfBlock] = hi;
                    if (thenXorIntoY)
                    {
                        y[i] ^= lo;
                        y[i + HalfBlock] ^= hi;
                    }
                }
            }
            return;
        }
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var length = (nuint)x.Length;
        if (Wide)
        {
            var t = Isa == GfIsa.Gfni ? default : Tables512(logM);
            var (ll, hl, lh, hh) = Isa == GfIsa.Gfni ? Matrices(logM) : default;
            for (nuint i = 0; i < length; i += BlockSize)
            {
                var yLo = Vector512.LoadUnsafe(ref py, i);
                var yHi = Vector512.LoadUnsafe(ref py, i + HalfBlock);
                var (pLo, pHi) = Isa == GfIsa.Gfni ? ProductAffine(yLo, yHi, ll, hl, lh, hh) : Product512(yLo, yHi, t);
                var xLo = Vector512.LoadUnsafe(ref px, i) ^ pLo;
                var xHi = Vector512.LoadUnsafe(ref px, i + HalfBlock) ^ pHi;
                xLo.StoreUnsafe(ref px, i);
                xHi.StoreUnsafe(ref px, i + HalfBlock);
                if (!thenXorIntoY) continue;
                (yLo ^ xLo).StoreUnsafe(ref py, i);
                (yHi ^ xHi).StoreUnsafe(ref py, i + HalfBlock);
            }
            return;
        }
        var t2 = Tables256(logM);
        for (nuint block = 0; block < length; block += BlockSize)
        {
            for (nuint i = block; i < block + HalfBlock; i += 32)
            {
                var yLo = Vector256.LoadUnsafe(ref py, i);
                var yHi = Vector256.LoadUnsafe(ref py, i + HalfBlock);
                var (pLo, pHi) = Product256(yLo, yHi, t2);
                var xLo = Vector256.LoadUnsafe(ref px, i) ^ pLo;
                var xHi = Vector256.LoadUnsafe(ref px, i + HalfBlock) ^ pHi;
                xLo.StoreUnsafe(ref px, i);
                xHi.StoreUnsafe(ref px, i + HalfBlock);
                if (!thenXorIntoY) continue;
                (yLo ^ xLo).StoreUnsafe(ref py, i);
                (yHi ^ xHi).StoreUnsafe(ref py, i + HalfBlock);
            }
        }
    }

    private Table256 Tables256(int logM)
    {
        var tables = default(Table256);
        ref var t = ref _nibbles![logM * 128];
        for (var j = 0; j < 8; j++) tables[j] = Vector256.Create(Vector128.LoadUnsafe(ref t, (nuint)(j * 16)));
        return tables;
    }

    private Table512 Tables512(int logM)
    {
        var tables = default(Table512);
        ref var t = ref _nibbles![logM * 128];
        for (var j = 0; j < 8; j++) tables[j] = Vector512.Create(Vector128.LoadUnsafe(ref t, (nuint)(j * 16)));
        return tables;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<byte> Lo, Vector256<byte> Hi) Product256(Vector256<byte> lo, Vector256<byte> hi, in Table256 t)
    {
        var mask = Vector256.Create((byte)0x0F);
        var n0 = lo & mask;
        var n1 = Vector256.ShiftRightLogical(lo.AsUInt16(), 4).AsByte() & mask;
        var n2 = hi & mask;
        var n3 = Vector256.ShiftRightLogical(hi.AsUInt16(), 4).AsByte() & mask;
        var productLo = Avx2.Shuffle(t[0], n0) ^ Avx2.Shuffle(t[2], n1) ^ Avx2.Shuffle(t[4], n2) ^ Avx2.Shuffle(t[6], n3);
        var productHi = Avx2.Shuffle(t[1], n0) ^ Avx2.Shuffle(t[3], n1) ^ Avx2.Shuffle(t[5], n2) ^ Avx2.Shuffle(t[7], n3);
        return (productLo, productHi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<byte> Lo, Vector512<byte> Hi) Product512(Vector512<byte> lo, Vector512<byte> hi, in Table512 t)
    {
        var mask = Vector512.Create((byte)0x0F);
        var n0 = lo & mask;
        var n1 = Vector512.ShiftRightLogical(lo.AsUInt16(), 4).AsByte() & mask;
        var n2 = hi & mask;
        var n3 = Vector512.ShiftRightLogical(hi.AsUInt16(), 4).AsByte() & mask;
        var productLo = Avx512BW.Shuffle(t[0], n0) ^ Avx512BW.Shuffle(t[2], n1) ^ Avx512BW.Shuffle(t[4], n2) ^ Avx512BW.Shuffle(t[6], n3);
        var productHi = Avx512BW.Shuffle(t[1], n0) ^ Avx512BW.Shuffle(t[3], n1) ^ Avx512BW.Shuffle(t[5], n2) ^ Avx512BW.Shuffle(t[7], n3);
        return (productLo, productHi);
    }

    /// <summary>The eight broadcast lookup tables of one multiplier, kept in registers or on the stack, never the heap.</summary>
    [InlineArray(8)]
    private struct Table256
    {
        private Vector256<byte> _element;
    }

    [InlineArray(8)]
    private struct Table512
    {
        private Vector512<byte> _element;
    }
}
