using Lamina.Stark.Field;

namespace Lamina.Stark.Protocol;

/// <summary>
/// The two evaluation domains: the trace domain ⟨g⟩ of size n and the LDE coset offset·⟨ω⟩ of size
/// N = n·blowup, with g = ω^blowup. The offset (the group generator 7) keeps the LDE disjoint from the trace
/// domain so the quotients are defined everywhere they are evaluated.
/// </summary>
internal sealed class StarkDomain
{
    public static readonly Felt Offset = Felt.Generator;

    public int TraceLength { get; }
    public int Blowup { get; }
    public int LdeSize { get; }
    public Felt TraceGenerator { get; }
    public Felt LdeGenerator { get; }

    public StarkDomain(int traceLength, int blowup)
    {
        TraceLength = traceLength;
        Blowup = blowup;
        LdeSize = checked(traceLength * blowup);
        TraceGenerator = Felt.RootOfUnity(Polynomials.Ntt.Log2(traceLength));
        LdeGenerator = Felt.RootOfUnity(Polynomials.Ntt.Log2(LdeSize));
    }

    /// <summary>The LDE point with index i: offset·ω^i.</summary>
    public Felt LdePoint(int i) => Offset * LdeGenerator.Pow((ulong)i);
}
