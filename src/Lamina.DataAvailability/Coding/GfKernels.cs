using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// The four shard-wide operations Leopard's transforms are made of, for one field and one instruction set.
/// Multipliers are given as logarithms; <see cref="LeopardField.Modulus"/> means "no multiply".
/// Shard lengths are multiples of <see cref="ReedSolomonCodec.ShardAlignment"/>.
/// </summary>
internal abstract class GfKernels
{
    protected GfKernels(LeopardField field, GfIsa isa)
    {
        if (!GfIsaSupport.IsSupported(isa)) throw new PlatformNotSupportedException($"this CPU cannot run the {isa} Galois-field path");
        Field = field;
        Isa = isa;
    }

    public LeopardField Field { get; }
    public GfIsa Isa { get; }

    /// <summary>Whether the path works in 64-byte vectors.</summary>
    protected bool Wide => Isa is GfIsa.Avx512 or GfIsa.Gfni;

    /// <summary>FFT butterfly: x ^= y·m, then y ^= x.</summary>
    public abstract void FftButterfly(Span<byte> x, Span<byte> y, int logM);

    /// <summary>Inverse FFT butterfly: y ^= x, then x ^= y·m.</summary>
    public abstract void IfftButterfly(Span<byte> x, Span<byte> y, int logM);

    /// <summary>destination = source·m (the two may be the same span).</summary>
    public abstract void Multiply(Span<byte> destination, ReadOnlySpan<byte> source, int logM);

    /// <summary>destination ^= source.</summary>
    public void Xor(Span<byte> destination, ReadOnlySpan<byte> source)
    {
        ref var d = ref MemoryMarshal.GetReference(destination);
        ref var s = ref MemoryMarshal.GetReference(source);
        var length = (nuint)destination.Length;
        nuint i = 0;
        if (Wide)
        {
            for (; i < length; i += 64) (Vector512.LoadUnsafe(ref d, i) ^ Vector512.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
        }
        else if (Isa == GfIsa.Avx2)
        {
            for (; i < length; i += 32) (Vector256.LoadUnsafe(ref d, i) ^ Vector256.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
        }
        else
        {
            for (; i < length; i += 8)
            {
                ref var target = ref Unsafe.As<byte, ulong>(ref Unsafe.Add(ref d, i));
                target ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, i));
            }
        }
    }

    public static GfKernels For(LeopardField field, GfIsa isa) =>
        field.Bits == 8 ? new Gf8Kernels(field, isa) : new Gf16Kernels(field, isa);
}
