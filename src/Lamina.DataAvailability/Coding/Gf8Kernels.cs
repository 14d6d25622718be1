using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// GF(2^8) kernels. The scalar path looks each byte up in the full 256-entry product row of the multiplier; the vector
/// paths split each byte into two 4-bit halves and look both up with one vpshufb each in 16-entry tables
/// (x·m = lo[x &amp; 15] ⊕ hi[x &gt;&gt; 4], by linearity of multiplication over GF(2)), as the native codecs do.
/// </summary>
internal sealed class Gf8Kernels : GfKernels
{
    private static readonly Lazy<(byte[] Products, byte[] Nibbles)> Tables = new(BuildTables);
    private static readonly Lazy<ulong[]> AffineMatrices = new(BuildAffineMatrices);

    private readonly byte[] _products;
    private readonly byte[] _nibbles;
    private readonly ulong[]? _matrices;

    public Gf8Kernels(LeopardField field, GfIsa isa) : base(field, isa)
    {
        (_products, _nibbles) = Tables.Value;
        if (isa == GfIsa.Gfni) _matrices = AffineMatrices.Value;
    }

    /// <summary>
    /// For each multiplier log, the 8×8 bit matrix of x ↦ x·exp(log) in vgf2p8affineqb's layout: output bit i is the
    /// parity of (byte 7−i of the matrix) AND x, so byte 7−i has bit j set when (2^j·m) has bit i set.
    /// </summary>
    private static ulong[] BuildAffineMatrices()
    {
        var field = LeopardField.Gf8;
        var matrices = new ulong[256];
        for (var log = 0; log < 256; log++)
        {
            ulong matrix = 0;
            for (var i = 0; i < 8; i++)
            {
                var row = 0;
                for (var j = 0; j < 8; j++) row |= ((field.MultiplyLog(1 << j, log) >> i) & 1) << j;
                matrix |= (ulong)row << (8 * (7 - i));
            }
            matrices[log] = matrix;
        }
        return matrices;
    }

    /// <summary>Products[log·256 + x] = x·exp(log); Nibbles[log·32 + n] = n·exp(log), Nibbles[log·32 + 16 + n] = (n≪4)·exp(log).</summary>
    private static (byte[] Products, byte[] Nibbles) BuildTables()
    {
        var field = LeopardField.Gf8;
        var products = new byte[256 * 256];
        var nibbles = new byte[256 * 32];
        for (var log = 0; log < 256; log++)
        {
            for (var x = 0; x < 256; x++) products[(log << 8) + x] = (byte)field.MultiplyLog(x, log);
            for (var n = 0; n < 16; n++)
            {
                nibbles[(log << 5) + n] = products[(log << 8) + n];
                nibbles[(log << 5) + 16 + n] = products[(log << 8) + (n << 4)];
            }
        }
        return (products, nibbles);
    }

    public override void FftButterfly(Span<byte> x, Span<byte> y, int logM)
    {
        if (logM == Field.Modulus)
        {
            Xor(y, x);
            return;
        }
        switch (Isa)
        {
            case GfIsa.Gfni: MulAddAffine(x, y, logM, true); break;
            case GfIsa.Avx512: MulAdd512(x, y, logM, true); break;
            case GfIsa.Avx2: MulAdd256(x, y, logM, true); break;
            default: MulAddScalar(x, y, logM, true); break;
        }
    }

    public override void IfftButterfly(Span<byte> x, Span<byte> y, int logM)
    {
        Xor(y, x);
        if (logM == Field.Modulus) return;
        switch (Isa)
        {
            case GfIsa.Gfni: MulAddAffine(x, y, logM, false); break;
            case GfIsa.Avx512: MulAdd512(x, y, logM, false); break;
            case GfIsa.Avx2: MulAdd256(x, y, logM, false); break;
            default: MulAddScalar(x, y, logM, false); break;
        }
    }

    public override void Multiply(Span<byte> destination, ReadOnlySpan<byte> source, int logM)
    {
        ref var d = ref MemoryMarshal.GetReference(destination);
        ref var s = ref MemoryMarshal.GetReference(source);
        var length = (nuint)destination.Length;
        if (Isa == GfIsa.Gfni)
        {
            var matrix = Vector512.Create(_matrices![logM]).AsByte();
            for (nuint i = 0; i < length; i += 64) Gfni.V512.GaloisFieldAffineTransform(Vector512.LoadUnsafe(ref s, i), matrix, 0).StoreUnsafe(ref d, i);
        }
        else if (Isa == GfIsa.Avx512)
        {
            var (lo, hi) = Tables512(logM);
            for (nuint i = 0; i < length; i += 64) Product512(Vector512.LoadUnsafe(ref s, i), lo, hi).StoreUnsafe(ref d, i);
        }
        else if (Isa == GfIsa.Avx2)
        {
            var (lo, hi) = Tables256(logM);
            for (nuint i = 0; i < length; i += 32) Product256(Vector256.LoadUnsafe(ref s, i), lo, hi).StoreUnsafe(ref d, i);
        }
        else
        {
            var row = _products.AsSpan(logM << 8, 256);
            for (var i = 0; i < destination.Length; i++) destination[i] = row[source[i]];
        }
    }

    /// <summary>x ^= y·m, then (for the FFT butterfly) y ^= x.</summary>
    private void MulAddScalar(Span<byte> x, Span<byte> y, int logM, bool thenXorIntoY)
    {
        var row = _products.AsSpan(logM << 8, 256);
        for (var i = 0; i < x.Length; i++)
        {
            var updated = (byte)(x[i] ^ row[y[i]]);
            x[i] = updated;
            if (thenXorIntoY) y[i] ^= updated;
        }
    }

    private void MulAdd256(Span<byte> x, Span<byte> y, int logM, bool thenXorIntoY)
    {
        var (lo, hi) = Tables256(logM);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var length = (nuint)x.Length;
        for (nuint i = 0; i < length; i += 32)
        {
            var vy = Vector256.LoadUnsafe(ref py, i);
            var vx = Vector256.LoadUnsafe(ref px, i) ^ Product256(vy, lo, hi);
            vx.StoreUnsafe(ref px, i);
            if (thenXorIntoY) (vy ^ vx).StoreUnsafe(ref py, i);
        }
    }

    private void MulAdd512(Span<byte> x, Span<byte> y, int logM, bool thenXorIntoY)
    {
        var (lo, hi) = Tables512(logM);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var length = (nuint)x.Length;
        for (nuint i = 0; i < length; i += 64)
        {
            var vy = Vector512.LoadUnsafe(ref py, i);
            var vx = Vector512.LoadUnsafe(ref px, i) ^ Product512(vy, lo, hi);
            vx.StoreUnsafe(ref px, i);
            if (thenXorIntoY) (vy ^ vx).StoreUnsafe(ref py, i);
        }
    }

    private void MulAddAffine(Span<byte> x, Span<byte> y, int logM, bool thenXorIntoY)
    {
        var matrix = Vector512.Create(_matrices![logM]).AsByte();
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var length = (nuint)x.Length;
        for (nuint i = 0; i < length; i += 64)
        {
            var vy = Vector512.LoadUnsafe(ref py, i);
            var vx = Vector512.LoadUnsafe(ref px, i) ^ Gfni.V512.GaloisFieldAffineTransform(vy, matrix, 0);
            vx.StoreUnsafe(ref px, i);
            if (thenXorIntoY) (vy ^ vx).StoreUnsafe(ref py, i);
        }
    }

    private (Vector256<byte> Lo, Vector256<byte> Hi) Tables256(int logM)
    {
        ref var t = ref _nibbles[logM << 5];
        return (Vector256.Create(Vector128.LoadUnsafe(ref t)), Vector256.Create(Vector128.LoadUnsafe(ref t, 16)));
    }

    private (Vector512<byte> Lo, Vector512<byte> Hi) Tables512(int logM)
    {
        ref var t = ref _nibbles[logM << 5];
        return (Vector512.Create(Vector128.LoadUnsafe(ref t)), Vector512.Create(Vector128.LoadUnsafe(ref t, 16)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Product256(Vector256<byte> v, Vector256<byte> lo, Vector256<byte> hi)
    {
        var mask = Vector256.Create((byte)0x0F);
        var high = Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & mask;
        return Avx2.Shuffle(lo, v & mask) ^ Avx2.Shuffle(hi, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Product512(Vector512<byte> v, Vector512<byte> lo, Vector512<byte> hi)
    {
        var mask = Vector512.Create((byte)0x0F);
        var high = Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & mask;
        return Avx512BW.Shuffle(lo, v & mask) ^ Avx512BW.Shuffle(hi, high);
    }
}
