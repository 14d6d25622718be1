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
}

public static class GfIsaSupport
{
    /// <summary>The fastest path this CPU runs.</summary>
    public static GfIsa Best =>
        IsSupported(GfIsa.Avx512) ? GfIsa.Avx512 : IsSupported(GfIsa.Avx2) ? GfIsa.Avx2 : GfIsa.Scalar;

    public static bool IsSupported(GfIsa isa) => isa switch
    {
        GfIsa.Scalar => true,
        GfIsa.Avx2 => Avx2.IsSupported,
        GfIsa.Avx512 => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
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
            return list;
        }
    }
}
