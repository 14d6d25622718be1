using Lamina.Stark.Commitments;

namespace Lamina.Stark.Proofs;

/// <summary>
/// Protocol parameters. They are written into every proof and bound into Fiat–Shamir, and the verifier
/// rejects proofs whose conjectured security is below what it requires.
/// </summary>
public sealed record ProofOptions
{
    /// <summary>Number of FRI/trace queries.</summary>
    public int NumQueries { get; init; }

    /// <summary>LDE domain size divided by trace length; a power of two in 2..128.</summary>
    public int BlowupFactor { get; init; }

    /// <summary>Proof-of-work bits the prover must grind before queries are drawn (0..32).</summary>
    public int GrindingBits { get; init; }

    /// <summary>FRI folding factor: 2, 4 or 8.</summary>
    public int FoldingFactor { get; init; }

    /// <summary>FRI stops folding once the degree bound is at most this + 1; this + 1 is a power of two.</summary>
    public int RemainderMaxDegree { get; init; }

    public HashAlgorithmId Hash { get; init; } = HashAlgorithmId.Sha256;

    /// <summary>
    /// Production default: blowup 8 (enough for degree-8 constraints), 30 queries, 16 grinding bits,
    /// folding by 8, remainder degree ≤ 31, SHA-256. 3·30 + 16 = 106 query bits ⇒ 105 conjectured bits
    /// (the field term, 192 − log2(LDE size), only binds for domains beyond 2^86).
    /// </summary>
    public static ProofOptions Default { get; } = new()
    {
        NumQueries = 30,
        BlowupFactor = 8,
        GrindingBits = 16,
        FoldingFactor = 8,
        RemainderMaxDegree = 31,
        Hash = HashAlgorithmId.Sha256,
    };

    /// <summary>
    /// INSECURE parameters for unit tests only (about 8–16 conjectured bits): few queries and no grinding so
    /// that tests run in milliseconds. Never use outside tests; the verifier's default minimum rejects them.
    /// </summary>
    public static ProofOptions InsecureFastForTestsOnly(int blowupFactor = 8, int foldingFactor = 2) => new()
    {
        NumQueries = 4,
        BlowupFactor = blowupFactor,
        GrindingBits = 0,
        FoldingFactor = foldingFactor,
        RemainderMaxDegree = 3,
        Hash = HashAlgorithmId.Sha256,
    };

    /// <summary>Throws <see cref="ArgumentException"/> if a parameter is outside the supported ranges.</summary>
    public void Validate()
    {
        if (!IsPowerOfTwo(BlowupFactor) || BlowupFactor < 2 || BlowupFactor > 128)
        {
            throw new ArgumentException("blowup factor must be a power of two in 2..128");
        }
        if (NumQueries < 1 || NumQueries > 255)
        {
            throw new ArgumentException("number of queries must be in 1..255");
        }
        if (GrindingBits < 0 || GrindingBits > 32)
        {
            throw new ArgumentException("grinding bits must be in 0..32");
        }
        if (FoldingFactor is not (2 or 4 or 8))
        {
            throw new ArgumentException("FRI folding factor must be 2, 4 or 8");
        }
        if (RemainderMaxDegree < 0 || RemainderMaxDegree > 255 || !IsPowerOfTwo(RemainderMaxDegree + 1))
        {
            throw new ArgumentException("FRI remainder max degree + 1 must be a power of two ≤ 256");
        }
        if (Hash is not (HashAlgorithmId.Sha256 or HashAlgorithmId.Blake3))
        {
            throw new ArgumentException("unknown hash algorithm");
        }
    }

    private static bool IsPowerOfTwo(int x) => x > 0 && (x & (x - 1)) == 0;
}
