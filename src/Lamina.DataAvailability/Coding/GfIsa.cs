using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// Which instruction set the Galois-field kernels use. Every choice produces the same bytes; the choice exists so
/// tests can prove that and benchmarks can measure each path.
/// </summary>
public enum GfIsa
{
    /// <summary>Plain table lookups, one byte (or one 16-bit element) at a time.</summary>
    Scalar,

    /// <summary>32-byte vpshufb lookups of 4-bit multiplication tables (AVX-512 switched off).</summary>
    Avx2,

    /// <summary>64-byte vpshufb lookups (AVX-512 BW).</summary>
    Avx512,

    /// <summary>
    /// AVX-512 with GFNI: a multiplication by a constant is GF(2)-linear on the bits of a byte, so in GF(2^8) it is one
    /// vgf2p8affineqb with that 8×8 bit matrix (any field basis, Leopard's Cantor basis included); GF(2^16) uses four,
    /// one per 8×8 block of its 16×16 matrix.
    /// </summary>
    Gfni,
}

public static class GfIsaSupport
{
    /// <summary>The fastest path this CPU runs.</summary>
    public static GfIsa Best =>
        IsSupported(GfIsa.Gfni) ? GfIsa.Gfni : IsSupported(GfIsa.Avx512) ? GfIsa.Avx512 : IsSupported(GfIsa.Avx2) ? GfIsa.Avx2 : GfIsa.Scalar;

    public static bool IsSupported(GfIsa isa) => isa switch
    {
        GfIsa.Scalar => true,
        GfIsa.Avx2 => Avx2.IsSupported,
        GfIsa.Avx512 => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        GfIsa.Gfni => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && Gfni.V512.IsSupported,
        _ => false,
    };

    /// <summary>Every path this CPU runs, scalar first.</summary>
    public static IReadOnlyList<GfIsa> Supported
    {
        get
        {
            var list = new List<GfIsa> { GfIsa.Scalar };
            if (IsSupported(GfIsa.Avx2)) list.Add(GfIsa.Avx2);
            if (IsSupported(GfIsa.Avx512)) list.Add(GfIsa.Avx512);
            if (IsSupported(GfIsa.Gfni)) list.Add(GfIsa.Gfni);
            return list;
        }
    }
}
