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
        _logBlowup = Polynomials.Ntt.Log2(blowup);
        TraceGenerator = Felt.RootOfUnity(Polynomials.Ntt.Log2(traceLength));
        LdeGenerator = Felt.RootOfUnity(Polynomials.Ntt.Log2(LdeSize));
    }

    /// <summary>
    /// Where LDE point <paramref name="ldeIndex"/> sits in a column laid out coset-major (<see cref="Polynomials.Ntt.EvaluateOnCosets"/>):
    /// point j·blowup + k is element j of small coset k, stored at k·<see cref="CosetStride"/> + j.
    /// </summary>
    public int CosetMajorIndex(int ldeIndex) => (ldeIndex & (Blowup - 1)) * CosetStride + (ldeIndex >>> _logBlowup);

    /// <summary>
    /// Distance between the small cosets of a coset-major column: n and 16 elements (128 bytes) more, so that the
    /// cosets a constraint level reads side by side do not start on the same cache sets.
    /// </summary>
    public int CosetStride => TraceLength + 16;

    /// <summary>Elements of a coset-major column (the gaps between cosets included).</summary>
    public int CosetMajorLength => checked(Blowup * CosetStride);

    private readonly int _logBlowup;

    /// <summary>The LDE point with index i: offset·ω^i.</summary>
    public Felt LdePoint(int i) => Offset * LdeGenerator.Pow((ulong)i);
}
