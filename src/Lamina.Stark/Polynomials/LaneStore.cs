using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lamina.Stark.Field;

namespace Lamina.Stark.Polynomials;

/// <summary>How a butterfly pass stores its outputs: as representatives for a later pass, or canonical in the last one.</summary>
internal interface ILaneStore
{
    /// <summary>Stores the value given shifted.</summary>
    static abstract unsafe void FromShifted(Vector256<ulong> xShifted, Felt* at);

    /// <summary>Stores the value given not shifted.</summary>
    static abstract unsafe void FromPlain(Vector256<ulong> x, Felt* at);
}

/// <summary>Outputs left as representatives (any 64-bit value ≡ x): a later pass reads them.</summary>
internal readonly struct RepresentativeStore : ILaneStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void FromShifted(Vector256<ulong> xShifted, Felt* at) => ShiftedLanes.Flip(xShifted).Store((ulong*)at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void FromPlain(Vector256<ulong> x, Felt* at) => x.Store((ulong*)at);
}

/// <summary>Outputs made canonical: the transform's last pass, whose values are <see cref="Felt"/>s again.</summary>
internal readonly struct CanonicalStore : ILaneStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void FromShifted(Vector256<ulong> xShifted, Felt* at) =>
        ShiftedLanes.Flip(ShiftedLanes.Canonical(xShifted)).Store((ulong*)at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void FromPlain(Vector256<ulong> x, Felt* at) =>
        ShiftedLanes.Flip(ShiftedLanes.Canonical(ShiftedLanes.Flip(x))).Store((ulong*)at);
}
