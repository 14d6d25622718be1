namespace Lamina.Stark.Protocol;

/// <summary>
/// How FRI folds for given parameters. Layer l has domain size N/f^l and degree bound n/f^l (rounded up);
/// folding stops once the degree bound is at most remainderMaxDegree + 1 (or the domain is too small to fold).
/// Prover and verifier derive the same layout, so nothing about it is trusted from the proof.
/// </summary>
internal sealed class FriLayout
{
    public int FoldingFactor { get; }
    public int LayerCount { get; }
    public int[] DomainSizes { get; }
    public int RemainderLength { get; }
    public int RemainderDomainSize { get; }

    public FriLayout(int traceLength, int ldeSize, int foldingFactor, int remainderMaxDegree)
    {
        FoldingFactor = foldingFactor;
        var sizes = new List<int>();
        int degreeBound = traceLength;
        int domain = ldeSize;
        while (degreeBound > remainderMaxDegree + 1 && domain >= 2 * foldingFactor)
        {
            sizes.Add(domain);
            degreeBound = (degreeBound + foldingFactor - 1) / foldingFactor;
            domain /= foldingFactor;
        }
        DomainSizes = sizes.ToArray();
        LayerCount = sizes.Count;
        RemainderLength = degreeBound;
        RemainderDomainSize = domain;
    }
}
